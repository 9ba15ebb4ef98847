using ActionPlane.Engine.Tabular;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Engine.Tests.Uplift;

public sealed class UpliftCrossFitTests
{
    /// <summary>A randomised experiment whose treatment raises the outcome by 0.3, only where x0 &gt; 0.5.</summary>
    private static (float[][] X, bool[] Treated, bool[] Outcome) Experiment(int n, int seed)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble() }).ToArray();
        var treated = x.Select(_ => rng.NextDouble() < 0.5).ToArray();
        var outcome = x.Select((r, i) => rng.NextDouble() < 0.3 + (treated[i] && r[0] > 0.5 ? 0.3 : 0)).ToArray();
        return (x, treated, outcome);
    }

    [Fact]
    public void EveryRow_IsPredictedExactlyOnce_ByTheFoldModelThatDidNotTrainOnIt()
    {
        var (x, treated, outcome) = Experiment(1200, 1);
        var seen = new List<UpliftFold>();

        // The baseline hook sees each fold's rows; it returns no control model (the learner then fits its own).
        var result = UpliftCrossFit.Run(x, treated, outcome, null, 4, seed: 7, [UpliftLearner.DRLogOdds], members: 1,
            baseline: part => { seen.Add(part); return null; });

        seen.Select(p => p.Index).Should().Equal(0, 1, 2, 3);
        seen.SelectMany(p => p.Held).Should().OnlyHaveUniqueItems().And.HaveCount(x.Length, "every row is held out by exactly one fold");
        foreach (var part in seen)
        {
            part.Train.Intersect(part.Held).Should().BeEmpty("a fold's model never trains on the rows it predicts");
            part.Train.Length.Should().Be(x.Length - part.Held.Length);
            part.Held.Should().OnlyContain(i => result.Fold[i] == part.Index);
            // Each held row's uplift is exactly what that fold's model predicts for it.
            var predicted = result.Fits[part.Index].PredictMany([.. part.Held.Select(i => x[i])]);
            part.Held.Select(i => result.Uplift[i]).Should().Equal(predicted);
        }
    }

    [Fact]
    public void TheMetrics_AreTakenOnceOverAllRows_WithTheSingleSplitsCode()
    {
        var (x, treated, outcome) = Experiment(1200, 2);

        var result = UpliftCrossFit.Run(x, treated, outcome, null, 3, seed: 1, [UpliftLearner.DRLogOdds], members: 1);

        result.Scores.Should().Be(UpliftScores.Of(outcome, result.Uplift, treated));
        // A floor a broken fold (random order, a sign error, rows scored by the wrong fold's model) would not meet.
        var oracle = UpliftMetrics.QiniAuc(outcome, [.. x.Select(r => r[0] > 0.5 ? 0.3 : 0.0)], treated);
        result.Scores.QiniAuc.Should().BeGreaterThan(0.5 * oracle, "the effect follows x0, which the learner sees");
        result.Uplift.Where((_, i) => x[i][0] > 0.6).Average().Should().BeGreaterThan(result.Uplift.Where((_, i) => x[i][0] < 0.4).Average() + 0.1);
    }

    [Fact]
    public void Folds_KeepEveryArmAndOutcomeInEachFold()
    {
        var (_, treated, outcome) = Experiment(1000, 3);
        var strata = UpliftTrainer.Strata(treated, outcome);

        var fold = StratifiedFolds.Assign(strata, 5, seed: 4);

        foreach (var stratum in strata.Distinct())
        {
            var sizes = Enumerable.Range(0, 5).Select(k => fold.Where((f, i) => f == k && strata[i] == stratum).Count()).ToList();
            (sizes.Max() - sizes.Min()).Should().BeLessThanOrEqualTo(1, "each stratum is dealt round-robin");
        }
        StratifiedFolds.Assign(strata, 5, seed: 4).Should().Equal(fold, "the same seed gives the same folds");
    }

    [Theory]
    [InlineData(1, "--folds must be at least 2; got 1")]
    [InlineData(31, "--folds 31 is more than the rows of the treated arm (30)")]
    public void Run_RejectsAFoldCount_ThatCannotHoldEveryArm_NamingTheOption(int folds, string message)
    {
        var x = Enumerable.Range(0, 100).Select(i => new[] { (float)i }).ToArray();
        var treated = Enumerable.Range(0, 100).Select(i => i < 30).ToArray();
        var outcome = Enumerable.Range(0, 100).Select(i => i % 3 == 0).ToArray();

        var act = () => UpliftCrossFit.Run(x, treated, outcome, null, folds, seed: 1, [UpliftLearner.T], members: 1);

        act.Should().Throw<ArgumentException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void ExpectedQiniRatio_IsOneForTheTruthsOwnOrder_NearZeroForNoise_AndNegativeReversed()
    {
        var rng = new Random(6);
        var truth = Enumerable.Range(0, 4000).Select(_ => rng.NextDouble() * 0.2 - 0.05).ToArray();
        var noise = truth.Select(_ => rng.NextDouble()).ToArray();

        UpliftMetrics.ExpectedQiniRatio(truth, truth).Should().BeApproximately(1, 1e-12);
        UpliftMetrics.ExpectedQiniRatio(truth, [.. truth.Select(t => 3 * t + 1)]).Should().BeApproximately(1, 1e-12, "only the order counts");
        UpliftMetrics.ExpectedQiniRatio(truth, noise).Should().BeInRange(-0.1, 0.1);
        UpliftMetrics.ExpectedQiniRatio(truth, [.. truth.Select(t => -t)]).Should().BeLessThan(-0.9);
        UpliftMetrics.ExpectedQiniRatio(truth, [.. truth.Select((t, i) => t + 0.05 * noise[i])]).Should().BeInRange(0.5, 0.99, "a noisy estimate of the truth orders it partly");
    }
}
