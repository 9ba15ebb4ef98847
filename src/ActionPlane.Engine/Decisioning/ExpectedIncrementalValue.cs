namespace ActionPlane.Engine.Decisioning;

/// <summary>
/// Expected incremental value of an action: uplift × account value − cost − λ × stderr × account
/// value. The account value is MRR × <see cref="ArbitrationSettings.HorizonMonths"/> (default 12:
/// one renewal year is what a saved churn is worth). λ (<see cref="ArbitrationSettings.UncertaintyPenalty"/>,
/// default 0.5) trades expected value for confidence: with λ = 0.5 an estimate must be about half a
/// standard error above break-even before it is worth acting on, so noisy small uplifts lose to
/// well-measured ones of the same size.
/// </summary>
public static class ExpectedIncrementalValue
{
    public static ValueBreakdown Compute(CandidateEstimate candidate, ArbitrationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(settings);
        var uplift = double.IsFinite(candidate.Uplift) ? candidate.Uplift : 0;
        var stdError = double.IsFinite(candidate.UpliftStdError) ? Math.Max(0, candidate.UpliftStdError) : 0;
        var value = candidate.AccountValue;
        var penalty = (decimal)(settings.UncertaintyPenalty * stdError) * value;
        var expected = (decimal)uplift * value - candidate.Cost - penalty;
        return new ValueBreakdown(uplift, stdError, value, candidate.Cost, Math.Round(penalty, 2), Math.Round(expected, 2));
    }

    /// <summary>Account value over the horizon: MRR × horizon months.</summary>
    public static decimal AccountValue(decimal mrr, ArbitrationSettings settings) => mrr * settings.HorizonMonths;
}
