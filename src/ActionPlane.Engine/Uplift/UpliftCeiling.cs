using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Uplift;

/// <summary>Held-out predictions of the two ceiling fits for the rows a fold (or the split) held out, in their order.</summary>
/// <param name="FreeForm">The true uplift regressed on the features by deep trees: what any ordering on these features can reach.</param>
/// <param name="LogOddsShift">The true uplift fitted in the log-odds learner's form (an additive shift of the control log-odds).</param>
/// <param name="Capacity">The capacities the training rows chose, e.g. <c>16 leaves x 600 / 1000 stumps</c> (one per fit).</param>
public sealed record UpliftCeilingPredictions(double[] FreeForm, double[] LogOddsShift, string Capacity);

/// <summary>
/// Where the truth is known (generator data), how well the features can order accounts by uplift at all:
/// the ceiling fits learn the true uplift itself instead of the realised 0/1 outcomes, on the same training rows
/// the learner had, and predict the rows it held out. If the learner is far below the ceiling, the learner is the
/// limit; if the ceiling itself is low, the features are (as <c>train churn --ceiling</c> measures for churn).
/// Two fits separate the form from the features:
/// <list type="bullet">
/// <item><b>free form</b>: LightGBM regression trees on the true uplift, no structure imposed;</item>
/// <item><b>log-odds shift</b>: DRLogOdds' own form with its noisy pseudo-outcomes replaced by the truth. The learner
/// fits g by Σ w² (Z/w − g)² with w = μ₀(1 − μ₀) and scores σ(h + g) − σ(h); here Z is the true uplift, h is the
/// learner's kind of control model (fitted on the training rows' control arm), and g may take many more stumps than the
/// learner's 80. Its gap to the free form is what the additive
/// log-odds form costs; its gap to the learner is what the pseudo-outcomes' noise costs.</item>
/// </list>
/// The truth still varies with what the features do not show (latent drivers, each account's own responsiveness), which
/// is noise to these fits; too much capacity fits it and lowers the ceiling. So each fit chooses its capacity on its own
/// training rows (held-out squared error; never on the rows it predicts): the free form among
/// <see cref="FreeFormChoices"/>, the log-odds shift its stump count among <see cref="StumpChoices"/> as the learner's
/// <see cref="EffectTreeCount"/> does.
/// </summary>
public static class UpliftCeiling
{
    /// <summary>Free-form candidates, from deep and many to shallow and few: interactions if the data hold them, smoothness if not.</summary>
    public static IReadOnlyList<GbmOptions> FreeFormChoices { get; } =
    [
        new() { Trees = 600, Leaves = 16, LearningRate = 0.05, MinExamplesPerLeaf = 20 },
        new() { Trees = 300, Leaves = 16, LearningRate = 0.05, MinExamplesPerLeaf = 100 },
        new() { Trees = 600, Leaves = 4, LearningRate = 0.05, MinExamplesPerLeaf = 50 },
    ];

    /// <summary>The log-odds learner's effect model (stumps: an additive g); the count among <see cref="StumpChoices"/>.</summary>
    public static GbmOptions LogOddsShiftOptions { get; } = new() { Trees = 2000, Leaves = 2, LearningRate = 0.05, MinExamplesPerLeaf = 20 };

    public static IReadOnlyList<int> StumpChoices { get; } = [100, 300, 1000, 2000];

    /// <summary>The free form's candidates are compared on 1/ChoiceFolds of the training rows, fitted on the rest (the chosen one is then refitted on all).</summary>
    private const int ChoiceFolds = 4;

    /// <summary>As in the log-odds learner: the floor of μ₀(1 − μ₀), so near-certain rows cannot get huge targets.</summary>
    private const double MinOutcomeVariance = 0.02;

    /// <summary>
    /// Fits both ceilings on <paramref name="train"/> (the truth as target; the outcome only for the control model h)
    /// and predicts <paramref name="held"/>.
    /// </summary>
    public static UpliftCeilingPredictions Predict(float[][] x, bool[] treated, bool[] outcome, IReadOnlyList<double> truth, int[] train, int[] held, int seed,
        UpliftLearnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(held);
        if (truth.Count != x.Length || treated.Length != x.Length || outcome.Length != x.Length)
            throw new ArgumentException("features, treatment, outcome and truth must be equally many.");
        var xTrain = Pick(x, train);
        var xHeld = Pick(x, held);
        var target = train.Select(i => truth[i]).ToArray();

        var (freeForm, chosen) = FreeForm(xTrain, target, xHeld, seed);

        var control = train.Where(i => !treated[i]).ToArray();
        if (control.Length == 0)
            throw new ArgumentException("The ceiling's control model needs control rows among the training rows.");
        var h = UpliftLearners.FitOutcomeModel(Pick(x, control), [.. control.Select(i => outcome[i])], seed, options);
        var w = h.PredictMany(xTrain).Select(p => Math.Max(p * (1 - p), MinOutcomeVariance)).ToArray();
        var meanSquare = w.Average(v => v * v);
        double[] shiftTargets = [.. target.Select((u, j) => u / w[j])];
        double[] weights = [.. w.Select(v => v * v / meanSquare)];
        var stumps = EffectTreeCount.Choose(xTrain, shiftTargets, weights, StumpChoices, LogOddsShiftOptions, seed);
        var shift = stumps == 0
            ? GbmTrees.Constant(xTrain[0].Length, weights.Zip(shiftTargets).Sum(p => p.First * p.Second) / weights.Sum(), GbmLink.Identity)
            : Gbm.FitRegression(xTrain, shiftTargets, LogOddsShiftOptions with { Trees = stumps, Seed = seed }, weights);
        var logOdds = new UpliftPredictor([(1, h.WithLogOddsShift(shift)), (-1, h)]).PredictMany(xHeld);
        return new UpliftCeilingPredictions(freeForm, logOdds, $"{chosen.Leaves} leaves x {chosen.Trees} (min leaf {chosen.MinExamplesPerLeaf}) / {stumps} stumps");
    }

    /// <summary>
    /// The free-form ceiling alone (what <c>evaluate</c> reports as its ceiling): the true uplift <paramref name="target"/> of
    /// the training rows regressed on their features, the capacity chosen on them, predicting <paramref name="xHeld"/>.
    /// </summary>
    public static (double[] Uplift, GbmOptions Chosen) FreeForm(float[][] xTrain, double[] target, float[][] xHeld, int seed)
    {
        ArgumentNullException.ThrowIfNull(xTrain);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(xHeld);
        var chosen = ChooseFreeForm(xTrain, target, seed);
        return (Gbm.FitRegression(xTrain, target, chosen with { Seed = seed }).PredictMany(xHeld), chosen);
    }

    /// <summary>The free-form candidate with the least squared error on a quarter of the training rows, fitted on the rest.</summary>
    private static GbmOptions ChooseFreeForm(float[][] x, double[] target, int seed)
    {
        var fold = RandomFolds.Assign(x.Length, ChoiceFolds, seed ^ 0xCE11);
        var fit = Enumerable.Range(0, x.Length).Where(i => fold[i] != 0).ToArray();
        var check = Enumerable.Range(0, x.Length).Where(i => fold[i] == 0).ToArray();
        var xCheck = Pick(x, check);
        return FreeFormChoices.MinBy(options =>
        {
            var predicted = Gbm.FitRegression(Pick(x, fit), [.. fit.Select(i => target[i])], options with { Seed = seed }).PredictMany(xCheck);
            return check.Select((i, j) => (target[i] - predicted[j]) * (target[i] - predicted[j])).Sum();
        })!;
    }

    private static float[][] Pick(float[][] values, int[] rows) => rows.Select(r => values[r]).ToArray();
}
