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
        var hazard = 0.0;
        var from = 0;
        foreach (var end in effects.Select(e => Math.Clamp(e.DaysLeft, 0, horizon)).Append(horizon).Distinct().Order())
        {
            if (end == from)
                continue;
            // In force over [from, end): the actions with at least `end` days left.
            var shift = effects.Where(e => e.DaysLeft >= end).Sum(e => e.Shift);
            hazard += (end - from) * -Math.Log(1 - Logistic(logit + shift));
            from = end;
        }
        return 1 - Math.Exp(-hazard / horizon);
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
