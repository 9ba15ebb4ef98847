using ActionPlane.Engine.Domain;
using Marten;

namespace ActionPlane.Engine.Data;

/// <summary>Reads the stored signals back, grouped per account, for feature building.</summary>
public static class SignalReader
{
    /// <summary>Signals of the given accounts; every id gets an entry, empty when it has no signals.</summary>
    public static async Task<IReadOnlyDictionary<string, AccountSignals>> LoadAsync(
        IQuerySession session, IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default)
    {
        // One query per signal type: at demo scale a full read is cheaper than per-account round trips.
        var usage = await session.Query<UsageDay>().ToListAsync(cancellationToken);
        var tickets = await session.Query<SupportTicket>().ToListAsync(cancellationToken);
        var billing = await session.Query<BillingChange>().ToListAsync(cancellationToken);
        var nps = await session.Query<NpsResponse>().ToListAsync(cancellationToken);
        return SignalGrouping.Group(accountIds, usage, tickets, billing, nps);
    }
}
