using ActionPlane.Engine.Data;
using ActionPlane.Engine.Features;
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
        result.ValidationQini[result.Learner].Should().Be(result.ValidationQini.Values.Max());
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
    public void Run_Rejects_AMissingArm()
    {
        var x = Enumerable.Range(0, 50).Select(i => new[] { (float)i }).ToArray();

        var act = () => UpliftTrainer.Run(x, new bool[50], Enumerable.Range(0, 50).Select(i => i % 2 == 0).ToArray(), null, 0.5, 1);

        act.Should().Throw<ArgumentException>().WithMessage("*0 treated*");
    }
}
