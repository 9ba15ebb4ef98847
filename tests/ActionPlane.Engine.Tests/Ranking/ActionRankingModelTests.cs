using ActionPlane.Engine.Models;
using ActionPlane.Engine.Ranking;

namespace ActionPlane.Engine.Tests.Ranking;

public sealed class ActionRankingModelTests
{
    private static readonly string[] Actions = ["a", "b", "c"];

    /// <summary>Action a helps when feature 0 is high, b when it is low, c never.</summary>
    private static (List<float[]> Accounts, List<double[]> Uplift) World(int n, int seed)
    {
        var rng = new Random(seed);
        var accounts = Enumerable.Range(0, n).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble() }).ToList();
        var uplift = accounts.Select(x => new[] { 0.15 * x[0], 0.15 * (1 - x[0]), -0.01 }).ToList();
        return (accounts, uplift);
    }

    [Fact]
    public void Train_LearnsWhichActionHelpsEachAccountMost()
    {
        var (accounts, uplift) = World(600, 1);

        var model = ActionRankingModel.Train(new ModelVersion("ranking", new DateOnly(2026, 11, 23), 1), Actions, ["f0", "f1"], accounts, uplift,
            new RankingOptions { Trees = 50, MinExamplesPerLeaf = 10 });

        var scores = new double[3];
        model.Score([0.9f, 0.5f], scores);
        scores[0].Should().BeGreaterThan(scores[1]).And.BeGreaterThan(scores[2]);
        model.Score([0.1f, 0.5f], scores);
        scores[1].Should().BeGreaterThan(scores[0]).And.BeGreaterThan(scores[2]);
        model.Metrics["ndcg@1"].Should().BeGreaterThan(0.9);
    }

    [Fact]
    public void SaveThenLoad_ScoresTheSame()
    {
        var (accounts, uplift) = World(200, 2);
        var model = ActionRankingModel.Train(new ModelVersion("ranking", new DateOnly(2026, 11, 23), 2), Actions, ["f0", "f1"], accounts, uplift,
            new RankingOptions { Trees = 10, MinExamplesPerLeaf = 10 });

        var loaded = ActionRankingModel.Load(model.Save());

        double[] expected = new double[3], actual = new double[3];
        model.Score(accounts[0], expected);
        loaded.Score(accounts[0], actual);
        actual.Should().Equal(expected);
        loaded.Version.ToString().Should().Be("ranking-20261123-2");
        loaded.ActionTypes.Should().Equal(Actions);
        var garbage = () => ActionRankingModel.Load([1, 2, 3]);
        garbage.Should().Throw<InvalidDataException>();
    }

    [Theory]
    [InlineData(-0.02, 0)]
    [InlineData(0.004, 0)]
    [InlineData(0.01, 1)]
    [InlineData(0.03, 2)]
    [InlineData(0.07, 3)]
    [InlineData(0.2, 4)]
    public void Grade_RisesWithUplift(double uplift, float grade) => ActionRankingModel.Grade(uplift).Should().Be(grade);
}
