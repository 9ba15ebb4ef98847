namespace ActionPlane.Engine.Decisioning.Learning;

/// <summary>One applied action whose outcome window closed: the uplift predicted when it was chosen, the churn risk it started from, and whether the account churned.</summary>
public readonly record struct CalibrationRow(double PredictedUplift, double BaselineChurn, bool Churned);

/// <summary>
/// Per action type, how much of its predicted uplift an action delivered, shrunk towards "as
/// predicted" (empirical Bayes). Across several action types the arbitration picks the largest
/// estimate, so the type whose model is most optimistic wins slots it does not earn; this factor
/// scales that type's uplift down once its own applied actions show the shortfall.
/// <para>
/// Delivered uplift of one applied action = baseline churn risk − churned (0/1): the baseline is the
/// churn model's risk at decision time, which is the untreated counterfactual only in expectation,
/// so the factor is measured over many rows. Model: <c>Σ(p − y) ~ N(k · Σû, Σ p(1 − p))</c>, prior
/// <c>k ~ N(1, s²)</c>; the posterior mean is kept inside [0, <see cref="MaxFactor"/>].
/// </para>
/// </summary>
public static class UpliftCalibration
{
    /// <summary>Prior standard deviation of the factor around 1: a few dozen rows barely move it, a few hundred do.</summary>
    public const double PriorStdDev = 0.5;
    /// <summary>Upper bound: a type that over-delivers is trusted up to this much more, not without limit.</summary>
    public const double MaxFactor = 1.5;

    /// <summary>
    /// A row for an action whose outcome window is still open after <paramref name="elapsedDays"/> of
    /// <paramref name="horizonDays"/>: the churn risk and the predicted uplift over the part of the
    /// window that has passed, assuming a constant hazard (risk by day t = 1 − (1 − p)^(t / horizon),
    /// treated risk from p − û the same way), with "churned so far" as its outcome. Early rows carry
    /// little uplift and little variance, so they weigh in the factor by what they can tell.
    /// </summary>
    public static CalibrationRow PartialWindow(double predictedUplift, double baselineChurn, bool churnedSoFar, int elapsedDays, int horizonDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizonDays);
        var share = Math.Clamp(elapsedDays / (double)horizonDays, 0, 1);
        var p = Math.Clamp(baselineChurn, 1e-4, 1 - 1e-4);
        var treated = Math.Clamp(p - predictedUplift, 1e-4, 1 - 1e-4);
        var untreatedSoFar = 1 - Math.Pow(1 - p, share);
        var treatedSoFar = 1 - Math.Pow(1 - treated, share);
        return new CalibrationRow(untreatedSoFar - treatedSoFar, untreatedSoFar, churnedSoFar);
    }

    /// <summary>The posterior mean of the calibration factor k (1 = as predicted, 0 = nothing delivered).</summary>
    public static double Factor(IReadOnlyCollection<CalibrationRow> rows, double priorStdDev = PriorStdDev)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priorStdDev);
        double predicted = 0, delivered = 0, variance = 0;
        foreach (var r in rows)
        {
            var p = Math.Clamp(r.BaselineChurn, 1e-4, 1 - 1e-4);
            predicted += r.PredictedUplift;
            delivered += p - (r.Churned ? 1 : 0);
            variance += p * (1 - p);
        }
        if (rows.Count == 0 || variance <= 0)
            return 1;
        var priorPrecision = 1 / (priorStdDev * priorStdDev);
        var k = (priorPrecision + predicted * delivered / variance) / (priorPrecision + predicted * predicted / variance);
        return Math.Clamp(k, 0, MaxFactor);
    }
}
