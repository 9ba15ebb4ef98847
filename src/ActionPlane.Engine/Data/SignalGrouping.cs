using ActionPlane.Engine.Domain;

namespace ActionPlane.Engine.Data;

/// <summary>Groups flat signal lists into one <see cref="AccountSignals"/> per account.</summary>
internal static class SignalGrouping
{
    public static Dictionary<string, AccountSignals> Group(
        IEnumerable<string> accountIds,
        IEnumerable<UsageDay> usage,
        IEnumerable<SupportTicket> tickets,
        IEnumerable<BillingChange> billing,
        IEnumerable<NpsResponse> nps)
    {
        var u = usage.ToLookup(x => x.AccountId);
        var t = tickets.ToLookup(x => x.AccountId);
        var b = billing.ToLookup(x => x.AccountId);
        var n = nps.ToLookup(x => x.AccountId);
        return accountIds.ToDictionary(
            id => id,
            id => new AccountSignals([.. u[id]], [.. t[id]], [.. b[id]], [.. n[id]]),
            StringComparer.Ordinal);
    }
}
