using ActionPlane.Engine.Proposals;

namespace ActionPlane.Engine.Tests.Proposals;

/// <summary>The value part of a proposal's "why" reads like the card's figures: percentages and grouped money, not raw decimals.</summary>
public sealed class ValueSentenceTests
{
    [Fact]
    public void ValueSentence_FromTheUpliftModel_ShowsUpliftAsPercentages_AndMoneyWithThousandsSeparators()
    {
        var scores = new ProposalScores(0.62, 0.1, 14_400m, 120m, 412m, Uplift: 0.043, UpliftStdError: 0.012, UncertaintyPenalty: 87m,
            Basis: ProposalScores.UpliftBasis);

        NextBestActionEngine.ValueSentence(scores).Should().Be(
            "Expected incremental value 412 = uplift 4.3 % (± 1.2 %) × 14,400 at stake − 120 cost − 87 uncertainty penalty (uplift model).");
    }

    [Fact]
    public void ValueSentence_FromTheBaselineHeuristic_NamesChurnRiskAndAssumedEffectAsPercentages()
    {
        var scores = new ProposalScores(0.62, 0.05, 48_720m, 0m, 1_510m);

        NextBestActionEngine.ValueSentence(scores).Should().Be(
            "Expected value 1,510 = 62 % churn risk × 48,720 at stake × 5 % assumed effect − 0 cost (baseline heuristic: no uplift estimate for this action yet).");
    }
}
