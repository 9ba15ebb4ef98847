using ActionPlane.Engine.Features;
using ActionPlane.Engine.Models;
using Xunit.Abstractions;

namespace ActionPlane.Engine.Tests.Models;

public sealed class ChurnModelTests(TrainedChurnModel trained, ITestOutputHelper output) : IClassFixture<TrainedChurnModel>
{
    [Fact]
    public void Train_ReachesAucNearTheOracle_OnAccountsItNeverSaw()
    {
        var fresh = TrainedChurnModel.ExamplesOf(trained.Fresh);
        var labels = fresh.Select(e => e.Churned).ToList();

        var predicted = trained.Model.PredictMany(fresh.Select(e => e.Features).ToList()).Select(p => p.Probability).ToList();
        var modelAuc = BinaryMetrics.RocAuc(predicted, labels);
        var oracleAuc = BinaryMetrics.RocAuc(trained.Fresh.Accounts.Select(a => trained.Fresh.Truth[a.Id].TrueChurnProbability).ToList(), labels);

        output.WriteLine($"model AUC {modelAuc:F3}, oracle AUC {oracleAuc:F3}, held-out {trained.Model.Metrics}");
        modelAuc.Should().BeGreaterThan(0.7);
        modelAuc.Should().BeGreaterThan(oracleAuc - 0.06, "the model sees the drivers only through noisy signals, but should not lose much");
        trained.Model.Metrics.RocAuc.Should().BeGreaterThan(0.7);
    }

    [Fact]
    public void Train_ReportsHeldOutMetrics_OnSplitsThatAddUp()
    {
        var metrics = trained.Model.Metrics;

        (metrics.TrainCount + metrics.CalibrationCount + metrics.TestCount).Should().Be(trained.Examples.Count);
        metrics.PrAuc.Should().BeGreaterThan(metrics.TestPositiveRate, "a useful model beats the PR-AUC of random ranking");
        metrics.Brier.Should().BeLessThan(metrics.TestPositiveRate * (1 - metrics.TestPositiveRate), "calibrated predictions beat the base-rate forecast");
        metrics.LogLoss.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Predict_IsCalibrated_MeanProbabilityNearObservedRate()
    {
        var fresh = TrainedChurnModel.ExamplesOf(trained.Fresh);

        var predictions = trained.Model.PredictMany(fresh.Select(e => e.Features).ToList());

        var observed = fresh.Count(e => e.Churned) / (double)fresh.Count;
        predictions.Average(p => p.Probability).Should().BeApproximately(observed, 0.05);
    }

    [Fact]
    public void Predict_NamesRealFeaturesAsDrivers_LargestFirst()
    {
        var snapshot = trained.Examples[0].Features;

        var prediction = trained.Model.Predict(snapshot);

        prediction.Drivers.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(5);
        prediction.Drivers.Select(d => d.Feature).Should().OnlyContain(f => FeatureBuilder.FeatureNames.Contains(f));
        prediction.Drivers.Select(d => Math.Abs(d.Contribution)).Should().BeInDescendingOrder();
        prediction.Drivers.Should().OnlyContain(d => d.Value == snapshot.Values[d.Feature]);
        prediction.Tier.Should().Be(RiskTiers.For(prediction.Probability));
    }

    [Fact]
    public void Predict_RaisesRisk_WhenUsageCollapses()
    {
        var healthy = trained.Examples.Select(e => e.Features).First(f => f.Values["usage_trend_7d_vs_30d"] is > 0.95 && f.Values["days_since_last_activity"] == 1);
        var collapsed = healthy with
        {
            Values = new Dictionary<string, double?>(healthy.Values)
            {
                ["usage_trend_7d_vs_30d"] = 0.1,
                ["active_users_7d"] = 0.2,
                ["sessions_7d"] = 1,
                ["days_since_last_activity"] = 6,
            },
        };

        trained.Model.Predict(collapsed).Probability.Should().BeGreaterThan(trained.Model.Predict(healthy).Probability);
    }

    [Fact]
    public void SaveAndLoad_RoundTrip_GivesTheSamePredictions()
    {
        var snapshots = trained.Examples.Take(50).Select(e => e.Features).ToList();

        var loaded = ChurnModel.Load(trained.Model.Save());

        loaded.Version.Should().Be(trained.Model.Version);
        loaded.FeatureNames.Should().Equal(trained.Model.FeatureNames);
        loaded.Metrics.Should().Be(trained.Model.Metrics);
        loaded.PredictMany(snapshots).Should().BeEquivalentTo(trained.Model.PredictMany(snapshots), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Train_IsReproducible_WithTheSameSeed()
    {
        var small = trained.Examples.Take(300).ToList();
        var options = new ChurnTrainingOptions { Version = new ModelVersion("churn", TrainedChurnModel.AsOf, 2), Seed = 5, Trees = 30 };

        var first = ChurnModel.Train(small, options);
        var second = ChurnModel.Train(small, options);

        var snapshots = small.Take(20).Select(e => e.Features).ToList();
        second.PredictMany(snapshots).Select(p => p.Probability).Should().Equal(first.PredictMany(snapshots).Select(p => p.Probability));
    }

    [Fact]
    public async Task PredictMany_GivesTheSameResults_WhenCalledConcurrently()
    {
        var snapshots = trained.Examples.Take(40).Select(e => e.Features).ToList();
        var expected = trained.Model.PredictMany(snapshots).Select(p => p.Probability).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => trained.Model.PredictMany(snapshots))));

        results.Should().OnlyContain(r => r.Select(p => p.Probability).SequenceEqual(expected));
    }

    [Fact]
    public void Load_Rejects_BytesThatAreNotAModel()
    {
        var act = () => ChurnModel.Load([1, 2, 3, 4]);

        act.Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void Train_Rejects_TooFewExamples_NamingTheField()
    {
        var act = () => ChurnModel.Train(trained.Examples.Take(10).ToList(), new ChurnTrainingOptions { Version = new ModelVersion("churn", TrainedChurnModel.AsOf, 3) });

        act.Should().Throw<ArgumentException>().WithMessage("*examples*");
    }
}
