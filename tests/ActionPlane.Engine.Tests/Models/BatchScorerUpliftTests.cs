using System.Text.Json;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Ranking;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Engine.Tests.Models;

public sealed class BatchScorerUpliftTests(TrainedChurnModel trained) : IClassFixture<TrainedChurnModel>
{
    private static readonly string[] Actions = ["csm_outreach", "schedule_nudge"];

    private static ScoringModels ModelsFor(ChurnModel churn)
    {
        var day = new DateOnly(2026, 8, 25);
        var cohort = new SyntheticDatasets(new TenantGenerator(40).Generate(1200, day), Scenario.Default);
        var uplift = Actions.Select(action =>
        {
            var rows = cohort.Uplift(action);
            var x = rows.Select(r => FeatureBuilder.ToVector(r.Features)).ToArray();
            var members = UpliftTrainer.FitEnsemble(UpliftLearner.X, x, [.. rows.Select(r => r.Treated)], [.. rows.Select(r => r.Retained)], null, 3, seed: 1);
            return new UpliftModel(action, new ModelVersion(UpliftModelCard.KindOf(action), day, 1), UpliftLearner.X, FeatureBuilder.FeatureNames, members, new Dictionary<string, double>());
        }).ToList();
        var perAction = Actions.Select(cohort.Uplift).ToList();
        var accounts = perAction[0].Select(r => FeatureBuilder.ToVector(r.Features)).ToList();
        var ranking = ActionRankingModel.Train(new ModelVersion(ActionRankingModel.Kind, day, 1), Actions, FeatureBuilder.FeatureNames, accounts,
            [.. accounts.Select((_, i) => perAction.Select(rows => rows[i].TrueUplift).ToArray())], new RankingOptions { Trees = 20 });
        return new ScoringModels(churn, uplift, ranking);
    }

    [Fact]
    public void Score_FillsUpliftWithStandardErrors_AndRankScores_ForEveryActionType()
    {
        var models = ModelsFor(trained.Model);
        var tenant = new TenantGenerator(41).Generate(30, TrainedChurnModel.AsOf);

        var scores = BatchScorer.Score(models, tenant.Accounts, tenant.SignalsByAccount(), TrainedChurnModel.AsOf, DateTimeOffset.UnixEpoch);

        scores.Should().HaveCount(30).And.OnlyContain(s =>
            s.Uplift.Keys.Order().SequenceEqual(Actions) && s.RankScores.Keys.Order().SequenceEqual(Actions)
            && s.Uplift.Values.All(u => u.Uplift > -1 && u.Uplift < 1 && u.StdError > 0)
            && s.UpliftModelVersion == "uplift/csm_outreach-20260825-1,uplift/schedule_nudge-20260825-1"
            && s.RankModelVersion == "ranking-20260825-1");
        // Uplift differs between accounts: it is a per-account estimate, not a constant.
        scores.Select(s => s.Uplift["schedule_nudge"].Uplift).Distinct().Should().HaveCountGreaterThan(10);
        var first = scores[0];
        var expected = models.Uplift[0].Predict(FeatureBuilder.ToVector(first.Features));
        first.Uplift["csm_outreach"].Uplift.Should().BeApproximately(expected.Uplift, 1e-9);
        first.Uplift["csm_outreach"].StdError.Should().BeApproximately(expected.StdError, 1e-9);
    }

    [Fact]
    public void Score_InParallelBlocks_GivesEachAccountWhatScoringItAloneGives()
    {
        var models = ModelsFor(trained.Model);
        var tenant = new TenantGenerator(42).Generate(700, TrainedChurnModel.AsOf);
        var signals = tenant.SignalsByAccount();
        var snapshots = tenant.Accounts.Select(a => FeatureBuilder.Build(a, signals[a.Id], TrainedChurnModel.AsOf)).ToList();

        var batch = BatchScorer.Score(models, snapshots, DateTimeOffset.UnixEpoch);

        batch.Select(s => s.Id).Should().Equal(snapshots.Select(s => s.AccountId));
        foreach (var i in new[] { 0, 127, 128, 350, 699 })
        {
            var alone = BatchScorer.Score(models, [snapshots[i]], DateTimeOffset.UnixEpoch)[0];
            batch[i].ChurnProbability.Should().Be(alone.ChurnProbability);
            batch[i].Uplift.Should().Equal(alone.Uplift);
            batch[i].RankScores.Should().Equal(alone.RankScores);
        }
    }

    [Fact]
    public void AScore_RoundTripsThroughJson_WithItsUpliftAndRankScoresAsObjects()
    {
        var models = ModelsFor(trained.Model);
        var tenant = new TenantGenerator(43).Generate(3, TrainedChurnModel.AsOf);
        var score = BatchScorer.Score(models, tenant.Accounts, tenant.SignalsByAccount(), TrainedChurnModel.AsOf, DateTimeOffset.UnixEpoch)[0];
        var options = new JsonSerializerOptions { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

        var json = JsonSerializer.Serialize(score, options);
        var read = JsonSerializer.Deserialize<AccountScore>(json, options)!;

        json.Should().Contain("\"Uplift\":{\"csm_outreach\":{\"Uplift\":");
        read.Uplift.Should().Equal(score.Uplift);
        read.RankScores.Should().Equal(score.RankScores);
    }

    [Fact]
    public void ScoringModels_Rejects_AnUpliftModelOnOtherFeatures()
    {
        var members = UpliftTrainer.FitEnsemble(UpliftLearner.T, [.. Enumerable.Range(0, 200).Select(i => new[] { (float)i })],
            [.. Enumerable.Range(0, 200).Select(i => i % 2 == 0)], [.. Enumerable.Range(0, 200).Select(i => i % 3 == 0)], null, 1, 1);
        var odd = new UpliftModel("x", new ModelVersion("uplift/x", new DateOnly(2026, 1, 1), 1), UpliftLearner.T, ["only_one"], members, new Dictionary<string, double>());

        var act = () => new ScoringModels(trained.Model, [odd], null);

        act.Should().Throw<ArgumentException>().WithMessage("*features*");
    }

    [Fact]
    public void AScoreStoredBeforeUpliftScoring_LoadsWithEmptyUpliftAndRankScores()
    {
        // Regression: documents written before these properties existed must still deserialize.
        const string json = """
            {"Id":"acc-1","ChurnProbability":0.3,"Tier":"Medium","Drivers":[],"ModelVersion":"churn-20260101-1",
             "ScoredAt":"2026-01-01T00:00:00+00:00","Features":{"AccountId":"acc-1","AsOf":"2026-01-01","Values":{}}}
            """;

        var score = JsonSerializer.Deserialize<AccountScore>(json, new JsonSerializerOptions { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } })!;

        score.Uplift.Should().BeEmpty();
        score.RankScores.Should().BeEmpty();
        score.UpliftModelVersion.Should().BeNull();
        score.RankModelVersion.Should().BeNull();
    }
}
