using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Uplift;

/// <summary>Fits T-, X- and DR-learners on LightGBM; each returns an <see cref="UpliftPredictor"/>.</summary>
public static class UpliftLearners
{
    private const double MinPropensity = 0.05;


    /// <summary>
    /// Fits <paramref name="learner"/>. <paramref name="propensity"/> gives P(treated) per row for
    /// logged (non-randomised) decisions; null means randomised, estimated as the treated share.
    /// </summary>
    public static UpliftPredictor Fit(UpliftLearner learner, float[][] x, bool[] treated, bool[] outcome, double[]? propensity, int seed,
        UpliftLearnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var o = options ?? UpliftLearnerOptions.Default;
        var share = treated.Count(t => t) / (double)treated.Length;
        var e = propensity?.Select(ClipPropensity).ToArray() ?? Enumerable.Repeat(share, x.Length).ToArray();
        return learner switch
        {
            UpliftLearner.T => FitT(x, treated, outcome, seed, o),
            UpliftLearner.X => FitX(x, treated, outcome, e, seed, o),
            UpliftLearner.DR => FitDr(x, treated, outcome, e, seed, o),
            _ => throw new ArgumentOutOfRangeException(nameof(learner), learner, "Unknown uplift learner."),
        };
    }

    private static UpliftPredictor FitT(float[][] x, bool[] treated, bool[] outcome, int seed, UpliftLearnerOptions o)
    {
        var (m0, m1) = OutcomeModels(x, treated, outcome, seed, o);
        return new UpliftPredictor([(1, m1), (-1, m0)]);
    }

    private static UpliftPredictor FitX(float[][] x, bool[] treated, bool[] outcome, double[] e, int seed, UpliftLearnerOptions o)
    {
        var (m0, m1) = OutcomeModels(x, treated, outcome, seed, o);
        var t = Indices(treated, true);
        var c = Indices(treated, false);
        var xt = t.Select(i => x[i]).ToArray();
        var xc = c.Select(i => x[i]).ToArray();
        var m0OnTreated = m0.PredictMany(xt);
        var m1OnControl = m1.PredictMany(xc);
        var d1 = t.Select((i, j) => (outcome[i] ? 1 : 0) - m0OnTreated[j]).ToArray();
        var d0 = c.Select((i, j) => m1OnControl[j] - (outcome[i] ? 1 : 0)).ToArray();
        var tau1 = Gbm.FitRegression(xt, d1, o.Effect with { Seed = seed });
        var tau0 = Gbm.FitRegression(xc, d0, o.Effect with { Seed = seed + 1 });
        // New rows have no propensity of their own; the training mean weights the two effect models.
        var g = e.Average();
        return new UpliftPredictor([(g, tau0), (1 - g, tau1)]);
    }

    private static UpliftPredictor FitDr(float[][] x, bool[] treated, bool[] outcome, double[] e, int seed, UpliftLearnerOptions o)
    {
        // Cross-fitting: nuisances fitted on the other folds score each fold, so pseudo-outcomes are honest.
        const int folds = 2;
        var fold = new int[x.Length];
        var rng = new Random(seed);
        for (var i = 0; i < fold.Length; i++)
            fold[i] = rng.Next(folds);
        var pseudo = new double[x.Length];
        for (var k = 0; k < folds; k++)
        {
            var fit = Enumerable.Range(0, x.Length).Where(i => fold[i] != k).ToArray();
            var score = Enumerable.Range(0, x.Length).Where(i => fold[i] == k).ToArray();
            var (m0, m1) = OutcomeModels(fit.Select(i => x[i]).ToArray(), fit.Select(i => treated[i]).ToArray(), fit.Select(i => outcome[i]).ToArray(), seed + k, o);
            var xs = score.Select(i => x[i]).ToArray();
            var mu0 = m0.PredictMany(xs);
            var mu1 = m1.PredictMany(xs);
            for (var j = 0; j < score.Length; j++)
            {
                var i = score[j];
                var y = outcome[i] ? 1.0 : 0.0;
                pseudo[i] = mu1[j] - mu0[j] + (treated[i] ? (y - mu1[j]) / e[i] : -(y - mu0[j]) / (1 - e[i]));
            }
        }
        return new UpliftPredictor([(1, Gbm.FitRegression(x, pseudo, o.Effect with { Seed = seed }))]);
    }

    private static (GbmTrees M0, GbmTrees M1) OutcomeModels(float[][] x, bool[] treated, bool[] outcome, int seed, UpliftLearnerOptions o)
    {
        var t = Indices(treated, true);
        var c = Indices(treated, false);
        if (t.Length == 0 || c.Length == 0)
            throw new ArgumentException($"Both arms are needed to fit outcome models; got {t.Length} treated and {c.Length} control rows.");
        var m1 = Gbm.FitBinary(t.Select(i => x[i]).ToArray(), t.Select(i => outcome[i]).ToArray(), o.Outcome with { Seed = seed });
        var m0 = Gbm.FitBinary(c.Select(i => x[i]).ToArray(), c.Select(i => outcome[i]).ToArray(), o.Outcome with { Seed = seed });
        return (m0, m1);
    }

    private static double ClipPropensity(double p) => Math.Clamp(p, MinPropensity, 1 - MinPropensity);

    private static int[] Indices(bool[] flags, bool value) => Enumerable.Range(0, flags.Length).Where(i => flags[i] == value).ToArray();
}
