namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>
/// Off-policy estimates of each strategy's retention per decision over the labelled decisions of a
/// window, with the log's counts. <see cref="NotEnoughBecause"/> says in words why the figures should
/// not be trusted yet (no usable decisions, too few, none explored); the figures are still given when
/// there is at least one usable decision. <see cref="GreedySettings"/> are the arbitration settings the
/// <c>greedy</c> and <c>model:</c> strategies were valued with.
/// </summary>
public sealed record OffPolicyEvaluation(
    DateTimeOffset? From,
    DateTimeOffset? To,
    DecisionLogCounts Counts,
    double? LoggedRetention,
    IReadOnlyDictionary<string, double> ApplyRates,
    IReadOnlyList<StrategyEstimate> Strategies,
    string? NotEnoughBecause,
    GreedySettings GreedySettings,
    double Seconds)
{
    /// <summary>The randomised holdout against the accounts the engine decides for: the realised lift, beside the estimates.</summary>
    public HoldoutComparison? Holdout { get; init; }

    /// <summary>The reward model's no-action baseline against the retention of the untreated decisions: whether the DR figures' model is off.</summary>
    public BaselineCalibration? Baseline { get; init; }
}

/// <summary>
/// What <see cref="Arbitrator.Greedy"/> reads of the <see cref="ArbitrationSettings"/>: λ is configured as
/// <c>ActionPlane:Decisioning:UncertaintyPenalty</c>, the other two are not configurable yet. The account value
/// (MRR × HorizonMonths) is the one recorded with each candidate at decision time, so the horizon is not re-applied.
/// </summary>
public sealed record GreedySettings(double UncertaintyPenalty, decimal TieTolerance, decimal MinExpectedValue)
{
    public static GreedySettings Of(ArbitrationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.UncertaintyPenalty, settings.TieTolerance, settings.MinExpectedValue);
    }
}

/// <param name="Strategy">The strategy's name, e.g. <c>greedy</c> or <c>model:uplift/csm_outreach-20261207-1</c>.</param>
/// <param name="Ips">Inverse propensity scoring: unbiased, widest.</param>
/// <param name="Snips">Self-normalised IPS.</param>
/// <param name="Dr">Doubly robust with <see cref="RetentionRewardModel"/> on the recorded scores.</param>
/// <param name="DrIncremental">DR less doing nothing's DR: the retention the strategy adds per decision.</param>
/// <param name="Acting">Decisions where the strategy acts.</param>
/// <param name="Agreeing">Decisions where the logged choice is the strategy's: the rows IPS rests on.</param>
/// <param name="Rescored">Decisions where a model re-scored a candidate (model strategies only).</param>
public sealed record StrategyEstimate(
    string Strategy,
    OffPolicyFigure Ips,
    OffPolicyFigure Snips,
    OffPolicyFigure Dr,
    OffPolicyFigure DrIncremental,
    int Acting,
    int Agreeing,
    int Rescored);
