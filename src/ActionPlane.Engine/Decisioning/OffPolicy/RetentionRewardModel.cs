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
    /// <param name="churnProbability">The churn model's probability at decision time.</param>
    /// <param name="uplift">The predicted increase of retention the action brings (0 for no action).</param>
    public static double Predict(double churnProbability, double uplift) =>
        Math.Clamp(1 - churnProbability + (double.IsFinite(uplift) ? uplift : 0), 0, 1);
}
