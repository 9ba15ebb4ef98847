using ActionPlane.Engine.Models;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Engine.Tests.Uplift;

public sealed class CompiledUpliftTests
{
    private static UpliftModel Trained(UpliftLearner learner, string action, int seed, out float[][] x)
    {
        // Treatment raises the outcome where x0 > 0.5 and x2 is high; x1 is sometimes missing.
        var rng = new Random(seed);
        const int n = 2500;
        x = [.. Enumerable.Range(0, n).Select(i => new[] { (float)rng.NextDouble(), i % 11 == 0 ? float.NaN : (float)rng.NextDouble(), (float)rng.Next(5) })];
        var rows = x;
        var treated = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.5).ToArray();
        var outcome = Enumerable.Range(0, n).Select(i => rng.NextDouble() < 0.3 + 0.1 * rows[i][2] / 4 + (treated[i] && rows[i][0] > 0.5 ? 0.3 : 0)).ToArray();
        var members = UpliftTrainer.FitEnsemble(learner, x, treated, outcome, null, members: 3, seed: seed);
        return new UpliftModel(action, new ModelVersion(UpliftModelCard.KindOf(action), new DateOnly(2026, 11, 24), 1), learner,
            ["x0", "x1", "x2"], members, new Dictionary<string, double>());
    }

    [Fact]
    public void CompiledModels_GiveEachModelsMeanAndStandardError_ForEveryLearner()
    {
        // Arrange: one model per learner (T: logistic outcome trees; X, DR: identity effect stumps; DRLogOdds: a logistic baseline with and without its log-odds shift), compiled together.
        var models = new[] { (UpliftLearner.T, "a"), (UpliftLearner.X, "b"), (UpliftLearner.DR, "c"), (UpliftLearner.DRLogOdds, "d") }
            .Select((m, i) => Trained(m.Item1, m.Item2, 10 + i, out _)).ToList();
        Trained(UpliftLearner.T, "rows", 99, out var rows);
        var compiled = new CompiledUplift(models);
        var scratch = compiled.NewScratch();
        var estimates = new UpliftEstimate[models.Count];
        double worstMean = 0, worstError = 0;

        // Act
        foreach (var row in rows.Take(600))
        {
            compiled.Predict(row, estimates, scratch);
            for (var a = 0; a < models.Count; a++)
            {
                var expected = models[a].Predict(row);
                worstMean = Math.Max(worstMean, Math.Abs(estimates[a].Uplift - expected.Uplift));
                worstError = Math.Max(worstError, Math.Abs(estimates[a].StdError - expected.StdError));
            }
        }

        // Assert: the same estimates, and the estimates are not trivially equal (they vary by row).
        worstMean.Should().BeLessThan(1e-9);
        worstError.Should().BeLessThan(1e-9);
        compiled.TreeCounts.Folded.Should().BeGreaterThan(0);
        compiled.TreeCounts.Masked.Should().BeGreaterThan(0);
        rows.Take(600).Select(r => models[0].Predict(r).Uplift).Distinct().Should().HaveCountGreaterThan(20);
    }

    [Fact]
    public void Compiled_Rejects_TooLittleRoomForTheEstimates()
    {
        var model = Trained(UpliftLearner.DR, "a", 3, out var rows);
        var compiled = new CompiledUplift([model]);

        var act = () => compiled.Predict(rows[0], new UpliftEstimate[2], compiled.NewScratch());

        act.Should().Throw<ArgumentException>().WithMessage("*1 estimates*");
    }
}
