using ActionPlane.Engine.Decisioning.OffPolicy;

namespace ActionPlane.Engine.Tests.Decisioning;

public sealed class RetentionRewardModelTests
{
    [Fact]
    public void OverAFullHorizon_RetentionIsOneLessChurnPlusUplift_AsTheSimulatorReadsIt()
    {
        RetentionRewardModel.Predict(0.2, 0.05).Should().Be(1 - 0.2 + 0.05);
        RetentionRewardModel.Predict(0.2, 0.05, horizonShare: 1).Should().Be(RetentionRewardModel.Predict(0.2, 0.05));
        RetentionRewardModel.Predict(0.02, 0.1).Should().Be(1, "clipped to [0, 1]");
    }

    [Fact]
    public void OverAShorterWindow_MoreIsRetained_AtTheSameHazard()
    {
        // A 30-day window of a 90-day churn probability of 0.271: retained 0.729^(1/3) = 0.9, not 0.729.
        RetentionRewardModel.Predict(0.271, 0, horizonShare: 1 / 3.0).Should().BeApproximately(Math.Pow(0.729, 1 / 3.0), 1e-12);
        RetentionRewardModel.Predict(0.271, 0, horizonShare: 1 / 3.0).Should().BeApproximately(0.9, 1e-9);
        RetentionRewardModel.Predict(0.271, 0.06, horizonShare: 1 / 3.0).Should().BeApproximately(0.9 + 0.02, 1e-9, "the uplift pro rata");
        RetentionRewardModel.Predict(0.5, 0, horizonShare: 0).Should().Be(1, "nobody churns in no time");
    }

    [Fact]
    public void HorizonShare_IsTheDecisionToOutcomeWindow_InNinetyDays_WithinZeroToOne()
    {
        var decided = new DateTimeOffset(2026, 9, 7, 13, 0, 0, TimeSpan.Zero);

        RetentionRewardModel.HorizonShare(decided, decided.AddDays(90)).Should().Be(1);
        RetentionRewardModel.HorizonShare(decided, decided.AddDays(18)).Should().BeApproximately(0.2, 1e-12);
        RetentionRewardModel.HorizonShare(decided, decided.AddDays(120)).Should().Be(1, "an outcome recorded late covers the 90 days the model predicts");
        RetentionRewardModel.HorizonShare(decided, null).Should().Be(1);
    }
}
