namespace ActionPlane.Engine.Decisioning;

/// <summary>A tenant's arbitration knobs; the defaults are what the product and the simulation use.</summary>
public sealed record ArbitrationSettings
{
    /// <summary>Tenant id, part of the holdout hash so each tenant has its own holdout group.</summary>
    public string TenantId { get; init; } = "default";
    /// <summary>Months of MRR a retained account is worth.</summary>
    public int HorizonMonths { get; init; } = 12;
    /// <summary>λ of the uncertainty penalty (see <see cref="ExpectedIncrementalValue"/>).</summary>
    public double UncertaintyPenalty { get; init; } = 0.5;
    /// <summary>Most actions chosen for one account in one decision.</summary>
    public int MaxActionsPerAccount { get; init; } = 1;
    /// <summary>At most one chosen action per category (and per channel when <see cref="OnePerChannel"/>).</summary>
    public bool OnePerCategory { get; init; } = true;
    public bool OnePerChannel { get; init; }
    /// <summary>A candidate is worth acting on only above this expected value (currency).</summary>
    public decimal MinExpectedValue { get; init; }
    /// <summary>Expected values closer than this (currency) are a near-tie, ordered by the ranking score.</summary>
    public decimal TieTolerance { get; init; } = 1m;
    /// <summary>ε of ε-greedy: the chance of a uniform draw over the candidates and "no action".</summary>
    public double Epsilon { get; init; } = 0.1;
    /// <summary>Share of a tenant's accounts held out (no actions, logged with arm holdout).</summary>
    public double HoldoutShare { get; init; } = 0.05;
    /// <summary>Salt of the holdout hash; changing it reshuffles the holdout group.</summary>
    public string HoldoutSalt { get; init; } = "holdout-v1";

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad setting.</summary>
    public ArbitrationSettings Validate()
    {
        if (HorizonMonths is < 1 or > 120)
            throw new ArgumentOutOfRangeException(nameof(HorizonMonths), HorizonMonths, "HorizonMonths must be between 1 and 120.");
        if (!double.IsFinite(UncertaintyPenalty) || UncertaintyPenalty < 0)
            throw new ArgumentOutOfRangeException(nameof(UncertaintyPenalty), UncertaintyPenalty, "UncertaintyPenalty must be ≥ 0.");
        if (MaxActionsPerAccount < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxActionsPerAccount), MaxActionsPerAccount, "MaxActionsPerAccount must be ≥ 1.");
        if (!double.IsFinite(Epsilon) || Epsilon is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be between 0 and 1.");
        if (!double.IsFinite(HoldoutShare) || HoldoutShare is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(HoldoutShare), HoldoutShare, "HoldoutShare must be in [0, 1).");
        if (TieTolerance < 0)
            throw new ArgumentOutOfRangeException(nameof(TieTolerance), TieTolerance, "TieTolerance must be ≥ 0.");
        return this;
    }
}
