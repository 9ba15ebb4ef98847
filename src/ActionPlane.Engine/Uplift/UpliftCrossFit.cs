using ActionPlane.Engine.Tabular;
using System.Diagnostics;

namespace ActionPlane.Engine.Uplift;

/// <summary>One fold of a cross-fit: the rows its model is trained on, the rows it predicts, and the seed of its fit.</summary>
public sealed record UpliftFold(int Index, int[] Train, int[] Held, int Seed);

/// <summary>
/// Outcome of <see cref="UpliftCrossFit.Run"/>: every row's uplift predicted by the model of the fold that
/// held it out, and the metrics computed once over all rows.
/// </summary>
/// <param name="Fold">Fold of each row (the model that predicted it did not train on it).</param>
/// <param name="Fits">Each fold's fit: its chosen learner, the candidates' validation Qini and its ensemble.</param>
public sealed record UpliftCrossFitResult(UpliftScores Scores, int[] Fold, double[] Uplift, IReadOnlyList<UpliftFit> Fits, int MinTrainCount, double Seconds)
{
    /// <summary>The learner most folds chose (ties: the first in <see cref="UpliftLearner"/> order).</summary>
    public UpliftLearner Learner => Fits.GroupBy(f => f.Learner).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;

    /// <summary>Each candidate's validation Qini averaged over the folds (empty when there was one candidate).</summary>
    public IReadOnlyDictionary<UpliftLearner, double> MeanValidationQini =>
        Fits.SelectMany(f => f.ValidationQini).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Average(kv => kv.Value));
}

/// <summary>
/// Cross-fitted uplift evaluation, the standard cross-validated form: the rows are dealt into K folds
/// stratified by arm × outcome; each fold's rows are predicted by the product's learner
/// (<see cref="UpliftTrainer.Train"/>, learner choice by validation Qini inside the fold's own training
/// rows, then the winner refitted on all of them) fitted on the other K − 1 folds; Qini, uplift AUC and
/// uplift@30 are then computed once over all rows. Against one train/test split this lets each model
/// see (K − 1)/K of the rows and measures on all of them instead of on the test share only.
/// </summary>
public static class UpliftCrossFit
{
    /// <summary>
    /// Predicts every row out of fold and scores the predictions. <paramref name="baseline"/>, when given,
    /// fits the log-odds learner's control model for a fold (it must use none of the fold's held-out rows).
    /// Fold k's fit uses seed <c>seed · 101 + k</c>.
    /// </summary>
    public static UpliftCrossFitResult Run(float[][] x, bool[] treated, bool[] outcome, double[]? propensity, int folds, int seed,
        IReadOnlyList<UpliftLearner>? learners = null, int members = UpliftTrainer.DefaultMembers, UpliftLearnerOptions? options = null,
        Func<UpliftFold, GbmTrees?>? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(treated);
        ArgumentNullException.ThrowIfNull(outcome);
        if (x.Length != treated.Length || x.Length != outcome.Length)
            throw new ArgumentException("features, treatment and outcome must be equally many.");
        var treatedCount = treated.Count(t => t);
        var controlCount = x.Length - treatedCount;
        if (folds < 2)
            throw new ArgumentException($"--folds must be at least 2; got {folds}.");
        if (folds > Math.Min(treatedCount, controlCount))
            throw new ArgumentException(
                $"--folds {folds} is more than the rows of the {(treatedCount < controlCount ? "treated" : "control")} arm ({Math.Min(treatedCount, controlCount)}); every fold needs rows of both arms.");
        // Each fold model trains on (K − 1)/K of an arm; the learners need at least 10 rows per arm, as a single split does.
        if (Math.Min(treatedCount, controlCount) * (folds - 1) / folds < 10)
            throw new ArgumentException($"Both arms need at least 10 training rows per fold; got {treatedCount} treated and {controlCount} control over {folds} folds.");

        var clock = Stopwatch.StartNew();
        var fold = StratifiedFolds.Assign(UpliftTrainer.Strata(treated, outcome), folds, seed);
        var uplift = new double[x.Length];
        var fits = new List<UpliftFit>(folds);
        var minTrain = int.MaxValue;
        foreach (var (k, train, held) in StratifiedFolds.Splits(fold, folds))
        {
            var part = new UpliftFold(k, train, held, unchecked(seed * 101 + k));
            minTrain = Math.Min(minTrain, part.Train.Length);
            var fit = UpliftTrainer.Train(Pick(x, part.Train), Pick(treated, part.Train), Pick(outcome, part.Train), propensity is null ? null : Pick(propensity, part.Train),
                part.Seed, learners, members, options, baseline?.Invoke(part));
            fits.Add(fit);
            var predicted = fit.PredictMany(Pick(x, part.Held));
            for (var j = 0; j < part.Held.Length; j++)
                uplift[part.Held[j]] = predicted[j];
        }
        return new UpliftCrossFitResult(UpliftScores.Of(outcome, uplift, treated), fold, uplift, fits, minTrain, clock.Elapsed.TotalSeconds);
    }

    private static T[] Pick<T>(T[] values, int[] rows) => rows.Select(r => values[r]).ToArray();
}
