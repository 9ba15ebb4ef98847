using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Data;

/// <summary>
/// A synthetic tenant: accounts, end users and their signals up to <see cref="AsOf"/>, plus the
/// hidden ground truth (kept apart from the signals, never stored with them).
/// </summary>
public sealed record GeneratedTenant(
    int Seed,
    DateOnly AsOf,
    IReadOnlyList<Account> Accounts,
    IReadOnlyList<EndUser> EndUsers,
    IReadOnlyList<UsageDay> Usage,
    IReadOnlyList<SupportTicket> Tickets,
    IReadOnlyList<BillingChange> Billing,
    IReadOnlyList<NpsResponse> Nps,
    IReadOnlyDictionary<string, ChurnTruth> Truth)
{
    /// <summary>The signals grouped per account (every account present, possibly with empty lists).</summary>
    public IReadOnlyDictionary<string, AccountSignals> SignalsByAccount() =>
        SignalGrouping.Group(Accounts.Select(a => a.Id), Usage, Tickets, Billing, Nps);

    /// <summary>Training examples: each account's features as of <see cref="AsOf"/>, labelled with its realised churn.</summary>
    public List<ChurnExample> ToChurnExamples()
    {
        var signals = SignalsByAccount();
        return Accounts.Select(a => new ChurnExample(FeatureBuilder.Build(a, signals[a.Id], AsOf), Truth[a.Id].Churned)).ToList();
    }
}

/// <summary>
/// Ground truth of one generated account: the probability that it churns within 90 days after the
/// as-of date, the realised label, and the latent drivers the probability came from.
/// </summary>
public sealed record ChurnTruth(string AccountId, double TrueChurnProbability, bool Churned, ChurnDrivers Drivers);

/// <summary>The latent, interpretable drivers of the generator's churn hazard.</summary>
/// <param name="UsageDecline">0 = steady usage, 1 = usage fell to nothing over the last 30 days.</param>
/// <param name="ModulesAdopted">Feature modules the account really uses, 1–6.</param>
/// <param name="SeatUtilisation">Share of paid seats in use, 0–1.</param>
/// <param name="SupportFriction">0 = smooth, 1 = many (urgent) tickets and poor satisfaction.</param>
/// <param name="Downgraded">A downgrade within the last 90 days.</param>
/// <param name="DaysToRenewal">Days from the as-of date to the next renewal.</param>
/// <param name="Noise">Unobservable account-level effect on the log-odds.</param>
public sealed record ChurnDrivers(
    double UsageDecline,
    int ModulesAdopted,
    double SeatUtilisation,
    double SupportFriction,
    bool Downgraded,
    int DaysToRenewal,
    double Noise);
