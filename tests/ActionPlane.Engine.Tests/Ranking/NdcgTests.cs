using ActionPlane.Engine.Ranking;

namespace ActionPlane.Engine.Tests.Ranking;

public sealed class NdcgTests
{
    // Query 1: labels 3,2,0,1 scored so the ranking is 2,0,1,3 (labels); query 2 has no relevant document.
    private static readonly float[] Labels = [3, 2, 0, 1, 0, 0];
    private static readonly double[] Scores = [0.1, 0.9, 0.5, 0.2, 0.3, 0.4];
    private static readonly int[] Groups = [4, 2];

    [Fact]
    public void NdcgAt1_UsesExponentialGain_AndCountsAQueryWithoutRelevantDocumentsAsOne()
    {
        // Query 1: (2^2−1) / (2^3−1) = 3/7; query 2: 1.
        Ndcg.At(1, Labels, Scores, Groups).Should().BeApproximately((3.0 / 7 + 1) / 2, 1e-12);
    }

    [Fact]
    public void NdcgAt3_DiscountsByLog2OfRankPlusOne()
    {
        var dcg = 3 + 0 / Math.Log2(3) + 1 / Math.Log2(4);
        var ideal = 7 + 3 / Math.Log2(3) + 1 / Math.Log2(4);

        Ndcg.At(3, Labels, Scores, Groups).Should().BeApproximately((dcg / ideal + 1) / 2, 1e-12);
    }

    [Fact]
    public void NdcgAt10_CapsKAtTheQuerySize()
    {
        var dcg = 3 + 0 / Math.Log2(3) + 1 / Math.Log2(4) + 7 / Math.Log2(5);
        var ideal = 7 + 3 / Math.Log2(3) + 1 / Math.Log2(4);

        Ndcg.At(10, Labels, Scores, Groups).Should().BeApproximately((dcg / ideal + 1) / 2, 1e-12);
    }

    [Fact]
    public void Ndcg_KeepsFileOrder_ForTiedScores()
    {
        // All scores tie: the stable sort keeps 3,2,0,1, which is not the ideal 3,2,1,0.
        var tied = new double[6];
        var dcg = 7 + 3 / Math.Log2(3) + 0 + 1 / Math.Log2(5);
        var ideal = 7 + 3 / Math.Log2(3) + 1 / Math.Log2(4);

        Ndcg.At(4, Labels, tied, Groups).Should().BeApproximately((dcg / ideal + 1) / 2, 1e-12);
    }

    [Fact]
    public void Ndcg_Rejects_GroupsThatDoNotCoverTheRows()
    {
        var act = () => Ndcg.At(1, Labels, Scores, [4, 1]);

        act.Should().Throw<ArgumentException>().WithMessage("*disagree*");
    }
}
