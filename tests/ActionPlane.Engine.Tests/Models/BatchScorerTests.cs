using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Tests.Models;

public sealed class BatchScorerTests(TrainedChurnModel trained) : IClassFixture<TrainedChurnModel>
{
    [Fact]
    public void Score_GivesEveryAccountOneScore_WithTopFiveDriversAndTheModelVersion()
    {
        var tenant = new TenantGenerator(31).Generate(40, TrainedChurnModel.AsOf);
        var scoredAt = new DateTimeOffset(2026, 8, 25, 6, 0, 0, TimeSpan.Zero);

        var scores = BatchScorer.Score(trained.Model, tenant.Accounts, tenant.SignalsByAccount(), TrainedChurnModel.AsOf, scoredAt);

        scores.Select(s => s.Id).Should().Equal(tenant.Accounts.Select(a => a.Id));
        scores.Should().OnlyContain(s =>
            s.Drivers.Count > 0 && s.Drivers.Count <= BatchScorer.DriversPerScore
            && s.ModelVersion == "churn-20260825-1" && s.ScoredAt == scoredAt
            && s.Tier == RiskTiers.For(s.ChurnProbability) && s.Features.AccountId == s.Id);
        scores[0].ChurnProbability.Should().Be(trained.Model.Predict(scores[0].Features).Probability);
    }

    [Fact]
    public void Score_UsesEmptySignals_ForAnAccountWithoutAny()
    {
        var account = new TenantGenerator(32).Generate(1, TrainedChurnModel.AsOf).Accounts[0];

        var score = BatchScorer.Score(trained.Model, [account], new Dictionary<string, AccountSignals>(), TrainedChurnModel.AsOf, DateTimeOffset.UnixEpoch).Single();

        score.Features.Values["days_since_last_activity"].Should().BeNull();
        score.ChurnProbability.Should().BeInRange(0, 1);
    }
}
