using ActionPlane.Engine.Decisioning.Learning;

namespace ActionPlane.Engine.ClosedLoop;

/// <summary>
/// The churn risk over the next outcome horizon of an account on which earlier actions are still in
/// force: each action shifts the log-odds for the days it has left, the rest of the horizon runs on the
/// untreated risk. Daily hazard is constant within each stretch (the 90-day probability spread over
/// its days), as the world and the partial-window calibration assume.
/// </summary>
public static class InForceRisk
{
    /// <param name="p">Untreated risk over <paramref name="horizon"/> days.</param>
    /// <param name="effects">Log-odds shift of each action in force and the days it has left (≥ horizon = the whole horizon).</param>
    public static double Forward(double p, IReadOnlyList<(double Shift, int DaysLeft)> effects, int horizon)
    {
        ArgumentNullException.ThrowIfNull(effects);
        if (effects.Count == 0)
            return p;
        var logit = LogOddsEffectModel.Logit(p);
        if (effects.All(e => e.DaysLeft >= horizon))
            return Logistic(logit + effects.Sum(e => e.Shift));
        var hazard = Hazard(logit, effects, horizon, horizon);
        return 1 - Math.Exp(-hazard / horizon);
    }

    /// <summary>
    /// One logged decision on an account with earlier actions in force, as a calibration row of the
    /// believed in-force shift (<see cref="UpliftCalibration"/>): the "uplift" is what the actions in
    /// force take off the risk the account had with only this decision's own action (shift
    /// <paramref name="appliedShift"/>, 0 when none), over the <paramref name="elapsedDays"/> of the window
    /// that have passed, each action counted for the days it had left in them. Its factor is the share of
    /// the believed in-force shift the outcomes show delivered.
    /// </summary>
    /// <param name="churnProbability">The churn model's risk at decision time (no action counted).</param>
    /// <param name="inForce">Believed log-odds shift of each action in force then and the days it had left.</param>
    public static CalibrationRow CalibrationRow(double churnProbability, double appliedShift, IReadOnlyList<(double Shift, int DaysLeft)> inForce,
        bool churnedSoFar, int elapsedDays, int horizon)
    {
        ArgumentNullException.ThrowIfNull(inForce);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        var days = Math.Clamp(elapsedDays, 0, horizon);
        var logit = LogOddsEffectModel.Logit(Math.Clamp(churnProbability, 1e-4, 1 - 1e-4)) + appliedShift;
        var withoutInForce = 1 - Math.Exp(-Hazard(logit, [], days, horizon) / horizon);
        var believed = 1 - Math.Exp(-Hazard(logit, inForce, days, horizon) / horizon);
        return new CalibrationRow(withoutInForce - believed, withoutInForce, churnedSoFar);
    }

    /// <summary>
    /// An applied action stacked on earlier actions in force, as its type's calibration measures it: the
    /// risk it started from over its window (<paramref name="churnProbability"/>, the churn model's, less
    /// those actions for the days they had left, each believed shift times <paramref name="inForceFactor"/>)
    /// and its predicted uplift on that risk (the same log-odds shift that gave <paramref name="predictedUplift"/>
    /// on <paramref name="decidedOnRisk"/>, the risk nba decided on).
    /// </summary>
    public static (double PredictedUplift, double BaselineChurn) OverWindow(double churnProbability, double predictedUplift, double decidedOnRisk,
        IReadOnlyList<(double Shift, int DaysLeft)> inForce, double inForceFactor, int horizon)
    {
        ArgumentNullException.ThrowIfNull(inForce);
        var shift = LogOddsEffectModel.Logit(Math.Clamp(decidedOnRisk - predictedUplift, 1e-4, 1 - 1e-4)) - LogOddsEffectModel.Logit(Math.Clamp(decidedOnRisk, 1e-4, 1 - 1e-4));
        var baseline = Forward(churnProbability, [.. inForce.Select(e => (inForceFactor * e.Shift, e.DaysLeft))], horizon);
        return (baseline - Logistic(LogOddsEffectModel.Logit(Math.Clamp(baseline, 1e-4, 1 - 1e-4)) + shift), baseline);
    }

    /// <summary>Summed daily hazard over the first <paramref name="days"/> days, stretch by stretch of the actions in force (times the horizon).</summary>
    private static double Hazard(double logit, IReadOnlyList<(double Shift, int DaysLeft)> effects, int days, int horizon)
    {
        var hazard = 0.0;
        var from = 0;
        foreach (var end in effects.Select(e => Math.Clamp(e.DaysLeft, 0, days)).Append(days).Distinct().Order())
        {
            if (end == from)
                continue;
            // In force over [from, end): the actions with at least `end` days left.
            var shift = effects.Where(e => e.DaysLeft >= end).Sum(e => e.Shift);
            hazard += (end - from) * -Math.Log(1 - Logistic(logit + shift));
            from = end;
        }
        return hazard;
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
