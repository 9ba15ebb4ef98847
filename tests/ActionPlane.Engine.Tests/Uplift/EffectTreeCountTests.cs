using ActionPlane.Engine.Tabular;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Engine.Tests.Uplift;

public sealed class EffectTreeCountTests
{
    private static readonly int[] Choices = [0, 10, 40, 160];

    [Fact]
    public void Choose_KeepsNoStumps_WhenTheTargetsArePureNoise()
    {
        var rng = new Random(7);
        var x = Enumerable.Range(0, 3000).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble() }).ToArray();
        var targets = x.Select(_ => rng.NextDouble() * 4 - 2).ToArray();

        var trees = EffectTreeCount.Choose(x, targets, [.. targets.Select(_ => 1.0)], Choices, UpliftLearnerOptions.Default.Effect, seed: 1);

        trees.Should().BeLessThanOrEqualTo(10);
    }

    [Fact]
    public void Choose_KeepsTheMostStumps_WhenTheTargetsFollowAStrongStep()
    {
        var rng = new Random(8);
        var x = Enumerable.Range(0, 3000).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble() }).ToArray();
        var targets = x.Select(r => (r[0] > 0.5 ? 2.0 : 0.0) + rng.NextDouble() * 0.2).ToArray();

        var trees = EffectTreeCount.Choose(x, targets, [.. targets.Select(_ => 1.0)], Choices, UpliftLearnerOptions.Default.Effect, seed: 1);

        trees.Should().Be(160);
    }

    [Fact]
    public void Choose_Rejects_TreesWithMoreThanTwoLeaves()
    {
        var x = new[] { new[] { 1f } };

        var act = () => EffectTreeCount.Choose(x, [1.0], [1.0], Choices, new GbmOptions { Leaves = 4 }, seed: 1);

        act.Should().Throw<ArgumentException>().WithMessage("*stumps*");
    }
}
