using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Tests.Tabular;

public sealed class CompiledContributionsTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(12)]
    public void Compiled_GivesTheRawScoreAndContributionsOfTheTreeWalk_OnThresholdsAndMissingValues(int leaves)
    {
        // Arrange: stumps (all in tables), 4-leaf trees (some single-feature, some walked), 12-leaf trees.
        var (x, y) = CompiledForestTests.Data(3000, 3);
        var trees = Gbm.FitBinary(x, [.. y.Select(v => v > 0)], new GbmOptions { Trees = 60, Leaves = leaves, MinExamplesPerLeaf = 20 });
        var compiled = new CompiledContributions(trees);
        var bins = new int[4];
        double worstRaw = 0, worstContribution = 0;

        // Act
        foreach (var row in x.Take(200).Concat(CompiledForestTests.BoundaryRows([trees], x[2]).Take(3000)))
        {
            var expected = new double[4];
            trees.AddContributions(row, expected);
            var actual = new double[4];
            var raw = compiled.Raw(row, actual, bins);
            worstRaw = Math.Max(worstRaw, Math.Abs(raw - trees.Raw(row)));
            worstContribution = Math.Max(worstContribution, expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max());
        }

        // Assert
        worstRaw.Should().BeLessThan(1e-9);
        worstContribution.Should().BeLessThan(1e-9);
    }
}
