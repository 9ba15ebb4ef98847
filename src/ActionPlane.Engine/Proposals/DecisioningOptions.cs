using ActionPlane.Engine.Decisioning;

namespace ActionPlane.Engine.Proposals;

/// <summary>
/// How the proposal engine decides (configuration <c>ActionPlane:Decisioning:*</c>): the arbitration
/// knobs (holdout share, ε, per-account limit, uncertainty penalty, horizon) and the tenant's weekly
/// budget, past which proposals degrade to suggest-only.
/// </summary>
public sealed class DecisioningOptions
{
    public ArbitrationSettings Arbitration { get; set; } = new();

    /// <summary>Money the tenant's applied actions may cost per ISO week (Monday 00:00 UTC onwards); null = no budget.</summary>
    public decimal? WeeklyBudget { get; set; }

    /// <summary>
    /// Days an open proposal stays applicable before it lapses (<see cref="Lifecycle.ProposalExpired"/>). Six, not
    /// seven: the weekly decision run's proposals lapse before the next week's run starts, even when that run
    /// starts a few minutes earlier in the day than the last one did, so every week decides on that week's features.
    /// </summary>
    public double ProposalTtlDays { get; set; } = DefaultProposalTtlDays;

    public const double DefaultProposalTtlDays = 6;

    /// <summary>
    /// The draws of ε-greedy exploration; null uses <see cref="Random.Shared"/>. The demo history replay sets a seeded
    /// one (it decides on one thread), so the same seed replays the same past.
    /// </summary>
    public Random? ExplorationRandom { get; set; }

    public TimeSpan ProposalTtl => TimeSpan.FromDays(ProposalTtlDays);

    /// <summary>A shallow copy (the arbitration settings are an immutable record).</summary>
    public DecisioningOptions Copy() => (DecisioningOptions)MemberwiseClone();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first unusable setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Arbitration, nameof(Arbitration));
        Arbitration.Validate();
        if (WeeklyBudget < 0)
            throw new ArgumentOutOfRangeException(nameof(WeeklyBudget), WeeklyBudget, "WeeklyBudget must be ≥ 0 (or unset for no budget).");
        if (!(ProposalTtlDays is > 0 and <= 366))
            throw new ArgumentOutOfRangeException(nameof(ProposalTtlDays), ProposalTtlDays, "ProposalTtlDays must be more than 0 and at most 366.");
    }
}
