using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Tests.Tabular;

public sealed class CompiledForestTests
{
    internal static (float[][] X, double[] Y) Data(int n, int seed)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble(), (float)(rng.NextDouble() * 10), (float)rng.Next(4) }).ToArray();
        for (var i = 0; i < x.Length; i += 9)
            x[i][1] = float.NaN;
        var y = x.Select(r =>
        {
            var x1 = float.IsNaN(r[1]) ? 1 : r[1];
            var p = 1 / (1 + Math.Exp(-(3 * r[0] - 2 * x1 + 0.2 * r[2] * r[3] - 1)));
            return rng.NextDouble() < p ? 1.0 : 0.0;
        }).ToArray();
        return (x, y);
    }

    /// <summary>Rows that sit exactly on every threshold the trees use, and one float step either side, plus NaN.</summary>
    internal static IEnumerable<float[]> BoundaryRows(IEnumerable<GbmTrees> ensembles, float[] baseRow)
    {
        foreach (var trees in ensembles)
            for (var t = 0; t < trees.TreeCount; t++)
            {
                var tree = trees.Tree(t);
                for (var i = 0; i < tree.Feature.Count; i++)
                    foreach (var value in new[] { tree.Threshold[i], MathF.BitDecrement(tree.Threshold[i]), MathF.BitIncrement(tree.Threshold[i]), float.NaN })
                    {
                        var row = (float[])baseRow.Clone();
                        row[tree.Feature[i]] = value;
                        yield return row;
                    }
            }
    }

    [Fact]
    public void Compiled_ScoresEverySlotLikeTheWeightedSumOfItsEnsembles_OnThresholdsAndMissingValues()
    {
        // Arrange: stumps (folded into tables), 4-leaf trees (leaf masks), 100-leaf trees (walked), two sharing a slot.
        var (x, y) = Data(3000, 1);
        var stumps = Gbm.FitRegression(x, y, new GbmOptions { Trees = 60, Leaves = 2, MinExamplesPerLeaf = 20 });
        var small = Gbm.FitBinary(x, [.. y.Select(v => v > 0)], new GbmOptions { Trees = 80, Leaves = 4, MinExamplesPerLeaf = 20 });
        var large = Gbm.FitRegression(x, y, new GbmOptions { Trees = 5, Leaves = 100, MinExamplesPerLeaf = 5 });
        (int Slot, double Weight, GbmTrees Trees)[] parts = [(0, 0.3, stumps), (0, -1.5, large), (1, 1, small), (2, 2.5, stumps)];
        var rows = x.Take(300).Concat(BoundaryRows([stumps, small, large], x[1]).Take(4000)).ToList();

        // Act
        var forest = new CompiledForest(4, 3, parts);
        var scratch = forest.NewScratch();
        var slots = new double[3];
        var worst = 0.0;
        foreach (var row in rows)
        {
            forest.Raw(row, slots, scratch);
            for (var s = 0; s < 3; s++)
            {
                var expected = parts.Where(p => p.Slot == s).Sum(p => p.Weight * p.Trees.Raw(row));
                worst = Math.Max(worst, Math.Abs(slots[s] - expected));
            }
        }

        // Assert: every compilation path was taken, and none changed a score beyond rounding.
        forest.TreeCounts.Folded.Should().BeGreaterThan(0);
        forest.TreeCounts.Masked.Should().BeGreaterThan(0);
        forest.TreeCounts.Walked.Should().BeGreaterThan(0);
        worst.Should().BeLessThan(1e-9);
    }

    [Fact]
    public void Compiled_Rejects_ARowOfTheWrongWidth_AndAnEnsembleOnOtherFeatures()
    {
        var (x, y) = Data(500, 2);
        var trees = Gbm.FitRegression(x, y, new GbmOptions { Trees = 10 });
        var forest = new CompiledForest(4, 1, [(0, 1, trees)]);

        var shortRow = () => forest.Raw([1f, 2f], new double[1], forest.NewScratch());
        var otherWidth = () => new CompiledForest(3, 1, [(0, 1, trees)]);

        shortRow.Should().Throw<ArgumentException>().WithMessage("*2 features*");
        otherWidth.Should().Throw<ArgumentException>().WithMessage("*4 features*");
    }
}
