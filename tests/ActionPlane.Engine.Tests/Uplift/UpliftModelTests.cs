using ActionPlane.Engine.Models;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Engine.Tests.Uplift;

public sealed class UpliftModelTests
{
    private static UpliftModel Trained(out float[][] x)
    {
        // Treatment raises the outcome by 0.4 only where x0 > 0.5.
        var rng = new Random(6);
        var n = 3000;
        x = Enumerable.Range(0, n).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble() }).ToArray();
        var rows = x;
        var treated = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.5).ToArray();
        var outcome = Enumerable.Range(0, n).Select(i => rng.NextDouble() < 0.3 + (treated[i] && rows[i][0] > 0.5 ? 0.4 : 0)).ToArray();
        var members = UpliftTrainer.FitEnsemble(UpliftLearner.T, x, treated, outcome, null, members: 4, seed: 2);
        return new UpliftModel("pin_shortcut", new ModelVersion("uplift/pin_shortcut", new DateOnly(2026, 11, 23), 1), UpliftLearner.T,
            ["x0", "x1"], members, new Dictionary<string, double> { ["qini_auc"] = 0.1 });
    }

    [Fact]
    public void Predict_IsTheMembersMean_WithTheirSpreadAsStandardError()
    {
        var model = Trained(out _);

        var helped = model.Predict([0.9f, 0.5f]);
        var unaffected = model.Predict([0.1f, 0.5f]);

        helped.Uplift.Should().BeInRange(0.25, 0.55);
        unaffected.Uplift.Should().BeInRange(-0.1, 0.1);
        // Members fitted on different halves disagree a little: a real, non-zero uncertainty.
        helped.StdError.Should().BeInRange(0.001, 0.15);
        model.Members.Should().Be(4);
    }

    [Fact]
    public void SaveThenLoad_PredictsTheSame()
    {
        var model = Trained(out var x);

        var loaded = UpliftModel.Load(model.Save());

        loaded.Predict(x[0]).Should().Be(model.Predict(x[0]));
        loaded.Version.ToString().Should().Be("uplift/pin_shortcut-20261123-1");
        loaded.ActionType.Should().Be("pin_shortcut");
        loaded.Metrics["qini_auc"].Should().Be(0.1);
        var garbage = () => UpliftModel.Load([9, 9, 9]);
        garbage.Should().Throw<InvalidDataException>();
    }
}
