using ActionPlane.Engine.Uplift;

namespace ActionPlane.Engine.ClosedLoop;

/// <summary>
/// nba's uplift model for one action type in the simulation: two meta-learners (DR by default:
/// propensity-weighted pseudo-outcomes, <see cref="UpliftLearners"/>) fitted on disjoint random halves of the logged rows.
/// The estimate is their mean and the standard error |u₁ − u₂| / 2 (the standard error of a mean of
/// two independent fits), which costs no more than one fit on all rows.
/// </summary>
public sealed class UpliftEnsemble
{
    private readonly Func<float[][], double[]> _first;
    private readonly Func<float[][], double[]> _second;

    private UpliftEnsemble(Func<float[][], double[]> first, Func<float[][], double[]> second, int rows)
    {
        _first = first;
        _second = second;
        Rows = rows;
    }

    public int Rows { get; }

    /// <summary>Fits on logged rows: features, whether treated, whether retained, P(treated | x) as logged.</summary>
    public static UpliftEnsemble? Fit(IReadOnlyList<(float[] X, bool Treated, bool Retained, double Propensity)> rows, int seed, UpliftLearner learner = UpliftLearner.DR)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var rng = new Random(seed);
        var halves = rows.GroupBy(_ => rng.Next(2)).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        if (halves.Count < 2 || halves.Any(h => h.Count(r => r.Treated) < 60 || h.Count(r => !r.Treated) < 60))
            return null;
        var fits = halves.Select((h, k) => UpliftLearners.Fit(learner,
            [.. h.Select(r => r.X)], [.. h.Select(r => r.Treated)], [.. h.Select(r => r.Retained)], [.. h.Select(r => r.Propensity)], seed + 11 * k)).ToList();
        return new UpliftEnsemble(x => fits[0].PredictMany(x), x => fits[1].PredictMany(x), rows.Count);
    }

    public (double[] Uplift, double[] StdError) Predict(float[][] x)
    {
        var a = _first(x);
        var b = _second(x);
        var mean = new double[x.Length];
        var se = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            mean[i] = (a[i] + b[i]) / 2;
            se[i] = Math.Abs(a[i] - b[i]) / 2;
        }
        return (mean, se);
    }
}
