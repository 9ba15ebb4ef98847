using ActionPlane.Engine.Models;
using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Tests.Models;

public sealed class ChurnCrossValidationTests
{
    /// <summary>Labels drawn from a known probability: logistic in two features plus a hidden term no feature shows.</summary>
    private static (float[][] X, bool[] Y, double[] Truth) Data(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n][];
        var y = new bool[n];
        var truth = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = [(float)rng.NextDouble(), (float)rng.NextDouble(), (float)rng.NextDouble()];
            var hidden = 1.5 * (rng.NextDouble() - 0.5);
            truth[i] = 1 / (1 + Math.Exp(-(3 * x[i][0] - 2 * x[i][1] - 0.5 + hidden)));
            y[i] = rng.NextDouble() < truth[i];
        }
        return (x, y, truth);
    }

    [Fact]
    public void CeilingRocAuc_LiesBetweenTheLearnerAndTheOracle_WhenTheTruthHoldsWhatNoFeatureShows()
    {
        var (x, y, truth) = Data(3000, 4);
        var options = new GbmOptions { Seed = 4, Trees = 200, Leaves = 4, LearningRate = 0.05, MinExamplesPerLeaf = 30 };

        var learner = ChurnCrossValidation.Run(x, y, 5, options).RocAuc;
        var ceiling = ChurnCrossValidation.CeilingRocAuc(x, y, truth, 5, options);
        var oracle = BinaryMetrics.RocAuc(truth, y);

        ceiling.Should().BeLessThan(oracle, "the hidden term is out of the features' reach");
        ceiling.Should().BeGreaterThan(learner, "a fit to the true log-odds is not blurred by the 0/1 draw");
    }

    [Fact]
    public void Run_ReportsEachFoldsTreeCount()
    {
        var (x, y, _) = Data(1000, 5);

        var result = ChurnCrossValidation.Run(x, y, 4, new GbmOptions { Trees = 30 });

        result.FoldTrees.Should().Equal(30, 30, 30, 30);
    }
}
