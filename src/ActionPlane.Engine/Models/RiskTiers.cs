namespace ActionPlane.Engine.Models;

/// <summary>
/// Risk tiers by calibrated 90-day churn probability. With a base rate near 20 %: Low is below
/// 15 % (safer than average), Medium is 15 % up to 40 %, High is 40 % or more (about twice the
/// base rate or worse: a CSM should act now).
/// </summary>
public static class RiskTiers
{
    public const double MediumFrom = 0.15;
    public const double HighFrom = 0.40;

    public static RiskTier For(double probability) =>
        double.IsNaN(probability) ? throw new ArgumentException("Churn probability is NaN.", nameof(probability))
        : probability >= HighFrom ? RiskTier.High
        : probability >= MediumFrom ? RiskTier.Medium
        : RiskTier.Low;
}
