using System.Diagnostics;

namespace ActionPlane.Engine.Uplift;

/// <summary>
/// Trains uplift models: a stratified train/test split, T-, X- and DR-learners compared by
/// normalised Qini on a validation split of the training rows, the winner refitted on all
/// training rows and evaluated on the test rows.
/// </summary>
public static class UpliftTrainer
{
    private const double ValidationFraction = 0.3;

    public static UpliftResult Run(float[][] x, bool[] treated, bool[] outcome, double[]? propensity, double testFraction, int seed,
        IReadOnlyList<UpliftLearner>? learners = null)
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
        learners ??= [UpliftLearner.T, UpliftLearner.X, UpliftLearner.DR];

        var clock = Stopwatch.StartNew();
        var strata = treated.Select((t, i) => (t ? 2 : 0) + (outcome[i] ? 1 : 0)).ToArray();
        var (train, test) = StratifiedSplit(Enumerable.Range(0, x.Length).ToArray(), strata, testFraction, seed);
        var (fit, validation) = StratifiedSplit(train, strata, ValidationFraction, seed + 1);

        var scores = new Dictionary<UpliftLearner, double>();
        foreach (var learner in learners)
        {
            var model = UpliftLearners.Fit(learner, Pick(x, fit), Pick(treated, fit), Pick(outcome, fit), propensity is null ? null : Pick(propensity, fit), seed);
            scores[learner] = UpliftMetrics.QiniAuc(Pick(outcome, validation), model(Pick(x, validation)), Pick(treated, validation));
        }
        var best = scores.MaxBy(kv => kv.Value).Key;
        var final = UpliftLearners.Fit(best, Pick(x, train), Pick(treated, train), Pick(outcome, train), propensity is null ? null : Pick(propensity, train), seed);
        var uplift = final(Pick(x, test));
        var y = Pick(outcome, test);
        var t = Pick(treated, test);
        return new UpliftResult(best, scores,
            UpliftMetrics.QiniAuc(y, uplift, t), UpliftMetrics.UpliftAuc(y, uplift, t), UpliftMetrics.UpliftAtK(y, uplift, t, 0.3),
            train.Length, test.Length, test, uplift, clock.Elapsed.TotalSeconds);
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
