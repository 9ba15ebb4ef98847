namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>
/// One labelled engine decision as the holdout comparison reads it: whose, which group, and what happened; for a holdout
/// decision also the churn probability the engine recorded with it and its outcome window as a share of 90 days
/// (<see cref="BaselineCalibration"/> reads them), null where the reader did not load it.
/// </summary>
public sealed record DecisionOutcome(string AccountId, bool Holdout, bool Retained, double? ChurnProbability = null, double HorizonShare = 1);

/// <summary>
/// The randomised holdout read as the experiment it is: retention per decision of the accounts the engine
/// decides for against that of the held-out accounts, and the difference. Unlike the off-policy estimates this
/// needs no propensity and no reward model: membership is a hash of the account (<see cref="HoldoutAssignment"/>),
/// independent of everything the models see, so the difference is the engine's realised lift (what its
/// recommendations, as CSMs and the autopilot carried them out, added), with CSMs' own actions in both groups.
/// <para>
/// An account decided in several weeks gives several correlated outcomes, so the standard errors are clustered by
/// account (<see cref="ClusteredMean"/>); the two groups are disjoint sets of accounts, so the difference's variance is
/// the sum of theirs.
/// </para>
/// </summary>
/// <param name="Engine">Retention per decision of the accounts outside the holdout; null when there are none.</param>
/// <param name="Holdout">Retention per decision of the held-out accounts; null when there are none.</param>
/// <param name="Lift">Engine less holdout; null unless both groups have decisions.</param>
public sealed record HoldoutComparison(
    OffPolicyFigure? Engine,
    int EngineAccounts,
    OffPolicyFigure? Holdout,
    int HoldoutAccounts,
    OffPolicyFigure? Lift)
{
    public static HoldoutComparison Of(IReadOnlyCollection<DecisionOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var engine = Mean("engine", outcomes.Where(o => !o.Holdout).ToList());
        var holdout = Mean("holdout", outcomes.Where(o => o.Holdout).ToList());
        var lift = engine is not null && holdout is not null ? OffPolicyEstimate.Difference("holdout_lift", engine.Value.Estimate, holdout.Value.Estimate) : null;
        return new(engine is { } e ? OffPolicyFigure.Of(e.Estimate) : null, engine?.Accounts ?? 0,
            holdout is { } h ? OffPolicyFigure.Of(h.Estimate) : null, holdout?.Accounts ?? 0,
            lift is null ? null : OffPolicyFigure.Of(lift));
    }

    /// <summary>The mean retention of a group with its account-clustered standard error; null for an empty group.</summary>
    private static (OffPolicyEstimate Estimate, int Accounts)? Mean(string method, IReadOnlyList<DecisionOutcome> group) =>
        ClusteredMean.Share(method, [.. group.Select(o => (o.AccountId, o.Retained ? 1.0 : 0.0))]);
}
