using ActionPlane.Engine.Models;
using ActionPlane.Engine.Proposals;

namespace ActionPlane.Engine.Tests.Proposals;

/// <summary>The CSM's driver lines give each value with its unit.</summary>
public sealed class SignalDescriberTests
{
    [Theory]
    [InlineData("seat_utilisation", 0.34, "Share of paid seats in use is 34 %, which raises churn risk")]
    [InlineData("usage_trend_7d_vs_30d", 0.44, "Usage this week compared with the month is 44 %, which raises churn risk")]
    [InlineData("avg_csat_90d", 3.75, "Average support satisfaction over 90 days is 3.8 out of 5, which raises churn risk")]
    [InlineData("last_nps", 4, "The latest NPS score is 4 out of 10, which raises churn risk")]
    [InlineData("downgraded_90d", 1, "A downgrade in the last 90 days, which raises churn risk")]
    [InlineData("downgraded_90d", 0, "No downgrade in the last 90 days, which raises churn risk")]
    [InlineData("tickets_30d", 7, "Support tickets in the last 30 days is 7, which raises churn risk")]
    [InlineData("usage_decline_30d", 0.4, "The fall in daily active users over the last 30 days is 40 %, which raises churn risk")]
    [InlineData("usage_decline_30d", 1.066, "The fall in daily active users over the last 30 days is 100 %, which raises churn risk")]
    [InlineData("seat_use_decline_30d", -0.2, "The fall in seats in use over the last 30 days is -20 %, which raises churn risk")]
    [InlineData("csat_180d_smoothed", 3.64, "Support satisfaction over 180 days is 3.6 out of 5, which raises churn risk")]
    public void Describe_GivesTheValueWithItsUnit(string feature, double value, string expected)
    {
        SignalDescriber.Describe(new FeatureContribution(feature, value, 0.8)).Should().Be(expected);
    }

    [Fact]
    public void Name_PutsEveryModelFeatureIntoWords()
    {
        ActionPlane.Engine.Features.FeatureBuilder.FeatureNames
            .Where(f => !SignalDescriber.Describes(f))
            .Should().BeEmpty("a driver shown to a CSM needs a readable description");
    }
}
