using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Uplift;

/// <summary>Fits T-, X- and DR-learners on LightGBM; each returns an <see cref="UpliftPredictor"/>.</summary>
public static class UpliftLearners
{
    private const double MinPropensity = 0.05;

    /// <summary>Floor of μ(1 − μ) in the log-odds learner, so near-certain rows cannot get huge targets.</summary>
    private const double MinOutcomeVariance = 0.02;


    /// <summary>
    /// Fits <paramref name="learner"/>. <paramref name="propensity"/> gives P(treated) per row for
    /// logged (non-randomised) decisions; null means randomised, estimated as the treated share.
    /// <paramref name="baseline"/> is an optional model of P(outcome | untreated) fitted elsewhere on more
    /// rows than this experiment's control arm (e.g. the same accounts' churn labels and other actions'
    /// control rows) and on none of these rows' outcomes; the log-odds DR learner then uses it as its
    /// control model h, so only the effect g is learnt from this experiment. The other learners ignore it.
    /// </summary>
    public static UpliftPredictor Fit(UpliftLearner learner, float[][] x, bool[] treated, bool[] outcome, double[]? propensity, int seed,
        UpliftLearnerOptions? options = null, GbmTrees? baseline = null)
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
            UpliftLearner.DRLogOdds => FitDrLogOdds(x, treated, outcome, e, seed, o, baseline),
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
        var (pseudo, _) = DrPseudoOutcomes(x, treated, outcome, e, seed, o);
        return new UpliftPredictor([(1, Gbm.FitRegression(x, pseudo, o.Effect with { Seed = seed }))]);
    }

    /// <summary>
    /// Effects of actions act on the odds of the outcome, so the same shift g(x) of the log-odds
    /// moves a probability near 0.5 far more than one near 0 or 1: uplift(x) ≈ w(x)·g(x) with
    /// w = μ₀(1 − μ₀). An additive g (stumps) then describes effects that an additive model of the
    /// uplift itself cannot. g is fitted by weighted least squares, Σ (Z − w·g)² = Σ w² (Z/w − g)²,
    /// on the same doubly robust pseudo-outcomes Z, and the model is scored exactly as σ(h + g) − σ(h)
    /// with h the control outcome's log-odds, both as tree ensembles. With a <paramref name="baseline"/>,
    /// h is that model (also as μ₀ of the pseudo-outcomes) instead of one fitted on this control arm.
    /// </summary>
    private static UpliftPredictor FitDrLogOdds(float[][] x, bool[] treated, bool[] outcome, double[] e, int seed, UpliftLearnerOptions o, GbmTrees? baseline)
    {
        if (baseline is not null && (baseline.Link != GbmLink.Logistic || baseline.Width != x[0].Length))
            throw new ArgumentException($"The baseline must be a binary model over the same {x[0].Length} features.", nameof(baseline));
        var (pseudo, mu0) = DrPseudoOutcomes(x, treated, outcome, e, seed, o, baseline);
        var w = mu0.Select(p => Math.Max(p * (1 - p), MinOutcomeVariance)).ToArray();
        var meanSquare = w.Average(v => v * v);
        var targets = pseudo.Select((z, i) => z / w[i]).ToArray();
        var weights = w.Select(v => v * v / meanSquare).ToArray();
        var effect = o.EffectTreeChoices is { } choices
            ? o.Effect with { Trees = EffectTreeCount.Choose(x, targets, weights, choices, o.Effect, seed) }
            : o.Effect;
        var shift = effect.Trees == 0
            ? GbmTrees.Constant(x[0].Length, weights.Zip(targets).Sum(p => p.First * p.Second) / weights.Sum(), GbmLink.Identity)
            : Gbm.FitRegression(x, targets, effect with { Seed = seed }, weights);
        var c = Indices(treated, false);
        baseline ??= FitOutcomeModel(x, outcome, c, seed, o);
        return new UpliftPredictor([(1, baseline.WithLogOddsShift(shift)), (-1, baseline)]);
    }

    /// <summary>
    /// Doubly robust pseudo-outcomes (Kennedy) and the control outcome probability of every row,
    /// both from outcome models fitted on the other fold (cross-fitting), so they are honest. A given
    /// <paramref name="baseline"/> was fitted on none of these outcomes, so it serves as μ₀ of every row as it is.
    /// </summary>
    private static (double[] Pseudo, double[] Mu0) DrPseudoOutcomes(float[][] x, bool[] treated, bool[] outcome, double[] e, int seed, UpliftLearnerOptions o,
        GbmTrees? baseline = null)
    {
        var folds = o.CrossFitFolds;
        if (folds < 2)
            throw new ArgumentOutOfRangeException(nameof(o), folds, "Cross-fitting needs at least 2 folds.");
        var fold = RandomFolds.Assign(x.Length, folds, seed);
        var pseudo = new double[x.Length];
        var control = new double[x.Length];
        for (var k = 0; k < folds; k++)
        {
            var fit = Enumerable.Range(0, x.Length).Where(i => fold[i] != k).ToArray();
            var score = Enumerable.Range(0, x.Length).Where(i => fold[i] == k).ToArray();
            var (m0, m1) = OutcomeModels(fit.Select(i => x[i]).ToArray(), fit.Select(i => treated[i]).ToArray(), fit.Select(i => outcome[i]).ToArray(), seed + k, o,
                baseline);
            var xs = score.Select(i => x[i]).ToArray();
            var mu0 = m0.PredictMany(xs);
            var mu1 = m1.PredictMany(xs);
            for (var j = 0; j < score.Length; j++)
            {
                var i = score[j];
                var y = outcome[i] ? 1.0 : 0.0;
                pseudo[i] = mu1[j] - mu0[j] + (treated[i] ? (y - mu1[j]) / e[i] : -(y - mu0[j]) / (1 - e[i]));
                control[i] = mu0[j];
            }
        }
        return (pseudo, control);
    }

    /// <summary>
    /// P(outcome | features) as every learner fits its outcome models (<see cref="UpliftLearnerOptions.Outcome"/>);
    /// a baseline fitted elsewhere (pooled untreated outcomes) goes through here too, so that it differs
    /// from the learner's own control model only in the rows it sees.
    /// </summary>
    public static GbmTrees FitOutcomeModel(float[][] x, bool[] outcome, int seed, UpliftLearnerOptions? options = null) =>
        Gbm.FitBinary(x, outcome, (options ?? UpliftLearnerOptions.Default).Outcome with { Seed = seed });

    private static GbmTrees FitOutcomeModel(float[][] x, bool[] outcome, int[] rows, int seed, UpliftLearnerOptions o) =>
        FitOutcomeModel([.. rows.Select(i => x[i])], [.. rows.Select(i => outcome[i])], seed, o);

    private static (GbmTrees M0, GbmTrees M1) OutcomeModels(float[][] x, bool[] treated, bool[] outcome, int seed, UpliftLearnerOptions o,
        GbmTrees? baseline = null)
    {
        var t = Indices(treated, true);
        var c = Indices(treated, false);
        if (t.Length == 0 || c.Length == 0)
            throw new ArgumentException($"Both arms are needed to fit outcome models; got {t.Length} treated and {c.Length} control rows.");
        var m1 = FitOutcomeModel(x, outcome, t, seed, o);
        var m0 = baseline ?? FitOutcomeModel(x, outcome, c, seed, o);
        return (m0, m1);
    }

    private static double ClipPropensity(double p) => Math.Clamp(p, MinPropensity, 1 - MinPropensity);

    private static int[] Indices(bool[] flags, bool value) => Enumerable.Range(0, flags.Length).Where(i => flags[i] == value).ToArray();
}
