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

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first unusable setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Arbitration, nameof(Arbitration));
        Arbitration.Validate();
        if (WeeklyBudget < 0)
            throw new ArgumentOutOfRangeException(nameof(WeeklyBudget), WeeklyBudget, "WeeklyBudget must be ≥ 0 (or unset for no budget).");
    }
}
