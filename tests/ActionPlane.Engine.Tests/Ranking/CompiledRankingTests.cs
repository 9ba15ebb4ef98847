using ActionPlane.Engine.Models;
using ActionPlane.Engine.Ranking;

namespace ActionPlane.Engine.Tests.Ranking;

public sealed class CompiledRankingTests
{
    [Fact]
    public void CompiledRanking_ScoresEveryActionLikeTheTreeWalk()
    {
        // Arrange: accounts where action "b" helps when x0 is high, "c" when x1 is missing or low, "a" never.
        var rng = new Random(5);
        var accounts = Enumerable.Range(0, 600).Select(i => new[] { (float)rng.NextDouble(), i % 7 == 0 ? float.NaN : (float)rng.NextDouble(), (float)rng.Next(3) }).ToList();
        var uplift = accounts.Select(x => new[] { 0.0, x[0] > 0.6 ? 0.08 : 0.0, float.IsNaN(x[1]) || x[1] < 0.3 ? 0.12 : 0.01 }).ToList();
        var model = ActionRankingModel.Train(new ModelVersion(ActionRankingModel.Kind, new DateOnly(2026, 11, 24), 1), ["a", "b", "c"], ["x0", "x1", "x2"],
            accounts, uplift, new RankingOptions { Trees = 30 });
        var compiled = new CompiledRanking(model);
        var scratch = compiled.NewScratch();
        double[] expected = new double[3], actual = new double[3];
        var worst = 0.0;

        // Act
        foreach (var account in accounts)
        {
            model.Score(account, expected);
            compiled.Score(account, actual, scratch);
            worst = Math.Max(worst, expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max());
        }

        // Assert: same scores, and the scores do order the actions differently for different accounts.
        worst.Should().BeLessThan(1e-9);
        compiled.ActionTypes.Should().Equal("a", "b", "c");
        accounts.Select(x => { model.Score(x, expected); return Array.IndexOf(expected, expected.Max()); }).Distinct().Should().HaveCountGreaterThan(1);
    }
}
