namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>
/// The reward model of doubly-robust evaluation when the reward is "retained over the horizon": the
/// churn model's retention (1 − churn probability) plus the action's predicted uplift, clipped to
/// [0, 1]. It only has to be roughly right: DR stays unbiased when the propensities are exact, and a
/// better model only narrows the interval. The closed-loop simulator and the product's decision-log
/// evaluation share it.
/// </summary>
public static class RetentionRewardModel
{
    /// <summary>The horizon the churn probability and the uplift are over (the generator's churn window, the observer's default horizon).</summary>
    public const double HorizonDays = 90;

    /// <param name="churnProbability">The churn model's probability at decision time.</param>
    /// <param name="uplift">The predicted increase of retention the action brings (0 for no action).</param>
    /// <param name="horizonShare">
    /// The outcome's horizon as a share of <see cref="HorizonDays"/> (1 for a full horizon). The product's outcomes end at
    /// the account's renewal when it comes sooner: over a shorter window fewer accounts churn, so retention is taken at a
    /// constant hazard ((1 − p) to that power) and the uplift pro rata. The simulator's horizons are all full.
    /// </param>
    public static double Predict(double churnProbability, double uplift, double horizonShare = 1)
    {
        var retained = horizonShare == 1 ? 1 - churnProbability : Math.Pow(Math.Clamp(1 - churnProbability, 0, 1), horizonShare);
        return Math.Clamp(retained + (double.IsFinite(uplift) ? uplift * horizonShare : 0), 0, 1);
    }

    /// <summary>The share of <see cref="HorizonDays"/> a decision's outcome window covered, from the decision to its observed outcome, within [0, 1].</summary>
    public static double HorizonShare(DateTimeOffset decidedAt, DateTimeOffset? outcomeAt) =>
        outcomeAt is { } at ? Math.Clamp((at - decidedAt).TotalDays / HorizonDays, 0, 1) : 1;
}
