using ActionPlane.Engine.Tabular;
using System.Diagnostics;

namespace ActionPlane.Engine.Uplift;

/// <summary>
/// Trains uplift models: a stratified train/test split, T-, X-, DR- and log-odds DR-learners compared by
/// normalised Qini on a validation split of the training rows, the winner refitted as an ensemble
/// of <c>members</c> fits on random halves of all training rows (see <see cref="UpliftModel"/>)
/// and evaluated on the test rows.
/// </summary>
public static class UpliftTrainer
{
    /// <summary>Ensemble size: enough for a stable spread, few enough to train and score quickly.</summary>
    public const int DefaultMembers = 5;

    private const double ValidationFraction = 0.3;

    /// <summary>The candidates when none are named: T, X, DR and the log-odds DR learner.</summary>
    public static IReadOnlyList<UpliftLearner> AllLearners { get; } = Enum.GetValues<UpliftLearner>();

    /// <summary>
    /// Splits, trains (<see cref="Train"/>) and evaluates on the test rows. <paramref name="baseline"/>, when given,
    /// fits the log-odds learner's control model from outside rows, given the test rows so it can leave their accounts out.
    /// </summary>
    public static UpliftResult Run(float[][] x, bool[] treated, bool[] outcome, double[]? propensity, double testFraction, int seed,
        IReadOnlyList<UpliftLearner>? learners = null, int members = DefaultMembers, UpliftLearnerOptions? options = null, Func<int[], GbmTrees>? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(treated);
        ArgumentNullException.ThrowIfNull(outcome);
        if (x.Length != treated.Length || x.Length != outcome.Length)
            throw new ArgumentException("features, treatment and outcome must be equally many.");
        if (testFraction is <= 0.05 or >= 0.95)
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "--test-fraction must be between 0.05 and 0.95.");
        var treatedCount = treated.Count(t => t);
        if (treatedCount < 10 || x.Length - treatedCount < 10)
            throw new ArgumentException($"Both arms need at least 10 rows; got {treatedCount} treated and {x.Length - treatedCount} control.");

        var clock = Stopwatch.StartNew();
        var strata = Strata(treated, outcome);
        var (train, test) = StratifiedSplit(Enumerable.Range(0, x.Length).ToArray(), strata, testFraction, seed);
        var fit = Train(Pick(x, train), Pick(treated, train), Pick(outcome, train), propensity is null ? null : Pick(propensity, train), seed, learners, members, options,
            baseline?.Invoke(test));
        var xTest = Pick(x, test);
        var uplift = xTest.Select(row => fit.Ensemble.Sum(m => m.Predict(row)) / fit.Ensemble.Count).ToArray();
        var y = Pick(outcome, test);
        var t = Pick(treated, test);
        var scores = UpliftScores.Of(y, uplift, t);
        return new UpliftResult(fit.Learner, fit.ValidationQini, scores.QiniAuc, scores.UpliftAuc, scores.UpliftAt30,
            train.Length, test.Length, test, uplift, fit.Ensemble, clock.Elapsed.TotalSeconds) { RawWinner = fit.RawWinner };
    }

    /// <summary>
    /// Fits on all the given rows: the <paramref name="learners"/> are compared by normalised Qini on
    /// a validation split of them (skipped when there is only one), the choice made by
    /// <see cref="OneStandardErrorChoice"/>, and the chosen learner is refitted as an
    /// ensemble of <paramref name="members"/> fits on random halves of all rows. This is the learner
    /// the product ships; callers that keep their own test rows (evaluation, the demo seeder) call it directly.
    /// <paramref name="baseline"/>: see <see cref="UpliftLearners.Fit"/>.
    /// </summary>
    public static UpliftFit Train(float[][] x, bool[] treated, bool[] outcome, double[]? propensity, int seed,
        IReadOnlyList<UpliftLearner>? learners = null, int members = DefaultMembers, UpliftLearnerOptions? options = null, GbmTrees? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        learners ??= AllLearners;
        if (learners.Count == 0)
            throw new ArgumentException("At least one uplift learner is needed.", nameof(learners));
        var scores = new Dictionary<UpliftLearner, double>();
        var best = learners[0];
        var rawWinner = best;
        if (learners.Count > 1)
        {
            var (fit, validation) = StratifiedSplit(Enumerable.Range(0, x.Length).ToArray(), Strata(treated, outcome), ValidationFraction, seed + 1);
            var yValidation = Pick(outcome, validation);
            var tValidation = Pick(treated, validation);
            var predictions = new Dictionary<UpliftLearner, double[]>();
            foreach (var learner in learners)
            {
                var model = UpliftLearners.Fit(learner, Pick(x, fit), Pick(treated, fit), Pick(outcome, fit), propensity is null ? null : Pick(propensity, fit), seed, options, baseline);
                predictions[learner] = model.PredictMany(Pick(x, validation));
                scores[learner] = UpliftMetrics.QiniAuc(yValidation, predictions[learner], tValidation);
            }
            rawWinner = scores.MaxBy(kv => kv.Value).Key;
            best = OneStandardErrorChoice(scores, predictions, yValidation, tValidation, seed + 2);
        }
        return new UpliftFit(best, scores, FitEnsemble(best, x, treated, outcome, propensity, members, seed, options, baseline)) { RawWinner = rawWinner };
    }

    /// <summary>
    /// The learner kept when candidates differ by less than their noise. DRLogOdds models the effect as a shift of the
    /// control outcome's log-odds, so it has fewer ways to fit noise than the T-, X- and DR-learners' free-form effect
    /// models; on a few thousand validation rows their Qini differences are mostly noise (docs/benchmarks.md,
    /// "Over seeds, session 8"), so the structured learner is the one to keep unless the data clearly say otherwise.
    /// </summary>
    public const UpliftLearner PreferredLearner = UpliftLearner.DRLogOdds;

    /// <summary>Paired bootstrap resamples of the validation rows for the standard error of a Qini difference.</summary>
    public const int ChoiceResamples = 200;

    /// <summary>
    /// One-standard-error rule: <see cref="PreferredLearner"/> is kept unless another candidate's validation Qini beats it
    /// by more than the standard error of the paired difference (bootstrap over the validation rows, the same resample
    /// for both learners); among the candidates that do, the highest Qini wins. Without the preferred learner among the
    /// candidates, the highest Qini wins.
    /// </summary>
    public static UpliftLearner OneStandardErrorChoice(IReadOnlyDictionary<UpliftLearner, double> qini, IReadOnlyDictionary<UpliftLearner, double[]> uplift,
        bool[] outcome, bool[] treated, int seed)
    {
        var rawWinner = qini.MaxBy(kv => kv.Value).Key;
        if (!qini.ContainsKey(PreferredLearner) || rawWinner == PreferredLearner)
            return rawWinner;
        var rivals = qini.Keys.Where(l => l != PreferredLearner && qini[l] > qini[PreferredLearner]).ToArray();
        var differences = rivals.ToDictionary(l => l, _ => new double[ChoiceResamples]);
        var rng = new Random(seed);
        var rows = new int[outcome.Length];
        for (var b = 0; b < ChoiceResamples; b++)
        {
            for (var i = 0; i < rows.Length; i++)
                rows[i] = rng.Next(rows.Length);
            var y = Pick(outcome, rows);
            var t = Pick(treated, rows);
            // A resample with one arm empty has no Qini; it counts as no difference.
            if (t.All(v => v) || !t.Any(v => v))
                continue;
            var preferred = UpliftMetrics.QiniAuc(y, Pick(uplift[PreferredLearner], rows), t);
            foreach (var rival in rivals)
                differences[rival][b] = UpliftMetrics.QiniAuc(y, Pick(uplift[rival], rows), t) - preferred;
        }
        return rivals.Where(l => qini[l] - qini[PreferredLearner] > StandardDeviation(differences[l]))
            .OrderByDescending(l => qini[l]).Cast<UpliftLearner?>().FirstOrDefault() ?? PreferredLearner;
    }

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    /// <summary>Stratum of each row for splits: arm × outcome, so every part keeps all four cells.</summary>
    public static int[] Strata(bool[] treated, bool[] outcome) => treated.Select((t, i) => (t ? 2 : 0) + (outcome[i] ? 1 : 0)).ToArray();

    /// <summary>
    /// <paramref name="members"/> fits of <paramref name="learner"/>, each on a random half of the
    /// rows (stratified by arm and outcome); halves rather than bootstrap resamples, so no row is
    /// duplicated across the DR-learner's cross-fitting folds.
    /// </summary>
    public static IReadOnlyList<UpliftPredictor> FitEnsemble(UpliftLearner learner, float[][] x, bool[] treated, bool[] outcome, double[]? propensity,
        int members, int seed, UpliftLearnerOptions? options = null, GbmTrees? baseline = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        if (members == 1)
            return [UpliftLearners.Fit(learner, x, treated, outcome, propensity, seed, options, baseline)];
        var strata = Strata(treated, outcome);
        var all = Enumerable.Range(0, x.Length).ToArray();
        var fits = new UpliftPredictor[members];
        for (var m = 0; m < members; m++)
        {
            var (half, _) = StratifiedSplit(all, strata, 0.5, unchecked(seed * 31 + m + 1));
            fits[m] = UpliftLearners.Fit(learner, Pick(x, half), Pick(treated, half), Pick(outcome, half),
                propensity is null ? null : Pick(propensity, half), seed + m, options, baseline);
        }
        return fits;
    }

    /// <summary>Splits <paramref name="rows"/> so each stratum keeps its share in both parts.</summary>
    public static (int[] Keep, int[] Held) StratifiedSplit(int[] rows, int[] strata, double heldFraction, int seed)
    {
        var rng = new Random(seed);
        List<int> keep = [], held = [];
        foreach (var group in rows.GroupBy(r => strata[r]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            rng.Shuffle(members);
            var heldCount = (int)Math.Round(members.Length * heldFraction);
            held.AddRange(members[..heldCount]);
            keep.AddRange(members[heldCount..]);
        }
        keep.Sort();
        held.Sort();
        return ([.. keep], [.. held]);
    }

    private static T[] Pick<T>(T[] values, int[] rows) => rows.Select(r => values[r]).ToArray();
}
