using ActionPlane.Engine.Features;
using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Tests.Models.Drift;

public sealed class DriftBaselineCaptureTests(TrainedChurnModel trained) : IClassFixture<TrainedChurnModel>
{
    [Fact]
    public void ToArtifact_StoresEveryFeaturesTrainingBins_AndTheHeldOutReliabilityCurve()
    {
        var window = new TrainingWindow(TrainedChurnModel.AsOf.AddDays(-180), TrainedChurnModel.AsOf, TrainedChurnModel.AsOf.AddDays(90));

        var artifact = ChurnModelCard.ToArtifact(trained.Model, trained.Examples, window, "test", DateTimeOffset.UnixEpoch);

        var baseline = artifact.DriftBaseline!;
        baseline.Examples.Should().Be(trained.Examples.Count);
        baseline.Features.Select(f => f.Feature).Should().BeEquivalentTo(FeatureBuilder.FeatureNames);
        baseline.Features.Should().OnlyContain(f => Math.Abs(f.Proportions.Sum() + f.MissingProportion - 1) < 1e-9);
        baseline.Calibration!.Count.Should().Be(trained.Model.Metrics.TestCount);
        baseline.Calibration.Ece.Should().BeInRange(0, 0.5);
    }
}
