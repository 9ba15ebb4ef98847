using ActionPlane.Engine.Data;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Tabular;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Engine.Tests.Uplift;

public sealed class UpliftTrainerTests
{
    [Fact]
    public void PredictedUplift_BeatsOrderingByChurnRisk_OnQini_OnGeneratorData()
    {
        // Arrange: a randomised schedule_nudge experiment: it revives fading usage but annoys accounts with
        // support friction, so the accounts it helps are not simply the riskiest ones.
        var tenant = new TenantGenerator(21).Generate(4000, new DateOnly(2026, 1, 1));
        var rows = new SyntheticDatasets(tenant, Scenario.Default).Uplift("schedule_nudge");
        var x = rows.Select(r => FeatureBuilder.ToVector(r.Features)).ToArray();
        var treated = rows.Select(r => r.Treated).ToArray();
        var retained = rows.Select(r => r.Retained).ToArray();

        // Act
        var result = UpliftTrainer.Run(x, treated, retained, null, 0.5, seed: 3);

        // Assert: on the same test rows, the model's ordering beats targeting the riskiest accounts.
        var y = result.TestRows.Select(i => retained[i]).ToArray();
        var t = result.TestRows.Select(i => treated[i]).ToArray();
        var byRisk = UpliftMetrics.QiniAuc(y, result.TestRows.Select(i => rows[i].TrueChurnProbability).ToArray(), t);
        result.QiniAuc.Should().BeGreaterThan(byRisk);
        result.QiniAuc.Should().BeGreaterThan(0);
        result.ValidationQini.Keys.Should().BeEquivalentTo(UpliftTrainer.AllLearners);
        result.ValidationQini[result.RawWinner].Should().Be(result.ValidationQini.Values.Max());
        result.Learner.Should().BeOneOf(result.RawWinner, UpliftTrainer.PreferredLearner);
    }

    /// <summary>Validation rows where the outcome rises by 0.4 when treated, only for rows with x0 &gt; 0.5.</summary>
    private static (double[] X0, bool[] Treated, bool[] Outcome) ValidationRows(int n, int seed)
    {
        var rng = new Random(seed);
        var x0 = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var treated = x0.Select(_ => rng.NextDouble() < 0.5).ToArray();
        var outcome = x0.Select((v, i) => rng.NextDouble() < 0.3 + (treated[i] && v > 0.5 ? 0.4 : 0)).ToArray();
        return (x0, treated, outcome);
    }

    private static (Dictionary<UpliftLearner, double> Qini, Dictionary<UpliftLearner, double[]> Uplift) Candidates(
        bool[] outcome, bool[] treated, double[] preferred, double[] rival) =>
        (new() { [UpliftTrainer.PreferredLearner] = UpliftMetrics.QiniAuc(outcome, preferred, treated), [UpliftLearner.X] = UpliftMetrics.QiniAuc(outcome, rival, treated) },
         new() { [UpliftTrainer.PreferredLearner] = preferred, [UpliftLearner.X] = rival });

    [Fact]
    public void OneStandardErrorRule_KeepsThePreferredLearner_WhenARivalIsBetterByLessThanItsNoise()
    {
        // Arrange: the preferred learner orders by x0 itself; the rival by a noisier copy of it, the first of
        // several noise draws whose validation Qini happens to come out higher: better by luck, not by ordering.
        var (x0, treated, outcome) = ValidationRows(3000, seed: 7);
        var noise = new Random(8);
        double[] Noisier() => [.. x0.Select(v => v + 0.3 * (noise.NextDouble() - 0.5))];
        var candidates = Candidates(outcome, treated, x0, Noisier());
        for (var draw = 1; draw < 200 && candidates.Qini[UpliftLearner.X] <= candidates.Qini[UpliftTrainer.PreferredLearner]; draw++)
            candidates = Candidates(outcome, treated, x0, Noisier());
        candidates.Qini[UpliftLearner.X].Should().BeGreaterThan(candidates.Qini[UpliftTrainer.PreferredLearner], "the rival must win the raw comparison");

        // Act
        var chosen = UpliftTrainer.OneStandardErrorChoice(candidates.Qini, candidates.Uplift, outcome, treated, seed: 1);

        // Assert
        chosen.Should().Be(UpliftTrainer.PreferredLearner);
    }

    [Fact]
    public void OneStandardErrorRule_PicksARival_ThatIsBetterByFarMoreThanItsNoise()
    {
        // Arrange: the preferred learner's order carries no information; the rival orders by x0, where the effect is.
        var (x0, treated, outcome) = ValidationRows(3000, seed: 7);
        var noise = new Random(9);
        var candidates = Candidates(outcome, treated, [.. x0.Select(_ => noise.NextDouble())], x0);

        // Act
        var chosen = UpliftTrainer.OneStandardErrorChoice(candidates.Qini, candidates.Uplift, outcome, treated, seed: 1);

        // Assert
        chosen.Should().Be(UpliftLearner.X);
    }

    [Fact]
    public void OneStandardErrorRule_WithoutThePreferredLearner_PicksTheHighestQini()
    {
        var (x0, treated, outcome) = ValidationRows(3000, seed: 7);
        var noise = new Random(9);
        var random = x0.Select(_ => noise.NextDouble()).ToArray();
        var qini = new Dictionary<UpliftLearner, double> { [UpliftLearner.T] = UpliftMetrics.QiniAuc(outcome, random, treated), [UpliftLearner.X] = UpliftMetrics.QiniAuc(outcome, x0, treated) };

        var chosen = UpliftTrainer.OneStandardErrorChoice(qini, new Dictionary<UpliftLearner, double[]> { [UpliftLearner.T] = random, [UpliftLearner.X] = x0 }, outcome, treated, seed: 1);

        chosen.Should().Be(UpliftLearner.X);
    }

    [Theory]
    [InlineData(UpliftLearner.T)]
    [InlineData(UpliftLearner.X)]
    [InlineData(UpliftLearner.DR)]
    [InlineData(UpliftLearner.DRLogOdds)]
    public void EachLearner_RecoversASimpleHeterogeneousEffect(UpliftLearner learner)
    {
        // The outcome rises by 0.4 when treated, but only for rows with x0 > 0.5.
        var rng = new Random(4);
        var n = 3000;
        var x = Enumerable.Range(0, n).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble() }).ToArray();
        var treated = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.5).ToArray();
        var outcome = Enumerable.Range(0, n).Select(i => rng.NextDouble() < 0.3 + (treated[i] && x[i][0] > 0.5 ? 0.4 : 0)).ToArray();

        var model = UpliftLearners.Fit(learner, x, treated, outcome, null, seed: 1);
        var predicted = model.PredictMany([[0.9f, 0.5f], [0.1f, 0.5f]]);

        predicted[0].Should().BeInRange(0.2, 0.6);
        predicted[1].Should().BeInRange(-0.15, 0.15);
    }

    [Fact]
    public void LogOddsLearner_WithABaseline_ScoresTheEffectOnThatControlModel_AndFitsNoneOfItsOwn()
    {
        // A control model fitted on many more untreated rows than the experiment's control arm (as the
        // churn labels of the same accounts are): the learner must take h from it, not refit it.
        var rng = new Random(5);
        float[][] Rows(int n) => [.. Enumerable.Range(0, n).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble() })];
        var pooled = Rows(20_000);
        var baseline = Gbm.FitBinary(pooled, [.. pooled.Select(r => rng.NextDouble() < (r[1] > 0.5 ? 0.8 : 0.5))], UpliftLearnerOptions.Default.Outcome with { Seed = 1 });
        var x = Rows(3000);
        var treated = x.Select(_ => rng.NextDouble() < 0.5).ToArray();
        var outcome = x.Select((r, i) => rng.NextDouble() < (r[1] > 0.5 ? 0.8 : 0.5) + (treated[i] && r[0] > 0.5 ? 0.15 : 0)).ToArray();

        var model = UpliftLearners.Fit(UpliftLearner.DRLogOdds, x, treated, outcome, null, seed: 1, baseline: baseline);

        model.Terms.Should().HaveCount(2);
        model.Terms[1].Weight.Should().Be(-1);
        model.Terms[1].Trees.Should().BeSameAs(baseline);
        var predicted = model.PredictMany([[0.9f, 0.2f], [0.1f, 0.2f]]);
        predicted[0].Should().BeInRange(0.05, 0.3);
        predicted[1].Should().BeInRange(-0.08, 0.08);
    }

    [Fact]
    public void LogOddsLearner_Rejects_ABaselineOverOtherFeatures()
    {
        var x = Enumerable.Range(0, 200).Select(i => new[] { (float)i, 1f }).ToArray();
        var baseline = GbmTrees.Constant(3, 0.5, GbmLink.Logistic);

        var act = () => UpliftLearners.Fit(UpliftLearner.DRLogOdds, x, [.. x.Select((_, i) => i % 2 == 0)], [.. x.Select((_, i) => i % 3 == 0)], null, 1, baseline: baseline);

        act.Should().Throw<ArgumentException>().WithMessage("*same 2 features*");
    }

    [Fact]
    public void Run_Rejects_AMissingArm()
    {
        var x = Enumerable.Range(0, 50).Select(i => new[] { (float)i }).ToArray();

        var act = () => UpliftTrainer.Run(x, new bool[50], Enumerable.Range(0, 50).Select(i => i % 2 == 0).ToArray(), null, 0.5, 1);

        act.Should().Throw<ArgumentException>().WithMessage("*0 treated*");
    }
}
