using ActionPlane.Engine.Models;
using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Tests.Models;

public sealed class ChurnAblationTests
{
    private static readonly GbmOptions Options = new() { Seed = 1, Trees = 150, LearningRate = 0.05, MinExamplesPerLeaf = 50 };

    /// <summary>Column 0 drives the label, column 1 is pure noise, column 2 is the constant 0.</summary>
    private static (float[][] X, bool[] Y) Data(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n][];
        var y = new bool[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = [(float)rng.NextDouble(), (float)rng.NextDouble(), 0f];
            y[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-(4 * x[i][0] - 2)));
        }
        return (x, y);
    }

    private static FeatureGroup Numeric(string name, int feature) => new([new TabularColumn(name, feature, ColumnKind.Numeric, [])], [feature]);

    // The 2-SE rule over 5 folds is a screen, not a guarantee: on this data at seeds 1-8 it flagged the pure-noise
    // column at seeds 3 and 6 (dropping it gained +0.002 and +0.006: the learner had fitted some noise). So the test
    // takes seed 1 and also bounds the noise column's |delta|, which held at all 8 seeds (largest 0.006 vs the driver's 0.26+).
    [Fact]
    public void Run_DroppingTheDriver_CostsAucBeyondNoise_WhileDroppingNoiseStaysWithinIt()
    {
        var (x, y) = Data(2000, 1);
        var full = ChurnCrossValidation.Run(x, y, 5, Options);

        var results = ChurnAblation.Run(x, y, [Numeric("noise", 1), Numeric("driver", 0)], full, Options);

        results.Select(r => r.Group.Name).Should().Equal(["driver", "noise"], "the most harmful drop comes first");
        var driver = results[0];
        driver.DeltaRocAuc.Should().BeLessThan(-0.1).And.BeLessThan(-2 * driver.DeltaRocAucSe);
        driver.WithinNoise.Should().BeFalse();
        driver.RocAuc.Should().BeApproximately(full.RocAuc + driver.DeltaRocAuc, 1e-9, "the mean of paired differences is the difference of means");
        driver.DeltaBrier.Should().BePositive();
        results[1].WithinNoise.Should().BeTrue();
        Math.Abs(results[1].DeltaRocAuc).Should().BeLessThan(0.01);
    }

    [Fact]
    public void Run_PairsEachFoldWithTheFullCvsSameFold_SoDroppingAFeatureNoTreeCanUseChangesNothing()
    {
        // Every fold must hold the same rows as the full CV's: then a constant feature's loss is exactly 0 on every fold.
        var (x, y) = Data(600, 2);
        var options = Options with { FeatureFraction = 1 };
        var full = ChurnCrossValidation.Run(x, y, 4, options);

        var constant = ChurnAblation.Run(x, y, [Numeric("constant", 2)], full, options).Single();

        constant.DeltaRocAuc.Should().Be(0);
        constant.DeltaRocAucSe.Should().Be(0);
        constant.DeltaPrAuc.Should().Be(0);
        constant.DeltaBrier.Should().Be(0);
        constant.WithinNoise.Should().BeTrue();
    }

    [Fact]
    public void Groups_PutACategoricalColumnsOneHotFeaturesInOneGroup_AndJoinAskedForColumns()
    {
        var table = CsvTable.Parse(new StringReader("tenure,contract,churned\n1,Monthly,1\n5,Yearly,0\n2,Monthly,0\n7,Biennial,1\n"), "t.csv");
        var encoder = FeatureEncoder.Fit(table, new HashSet<string> { "churned" });

        var groups = ChurnAblation.Groups(encoder);

        groups.Select(g => g.Name).Should().Equal("tenure", "contract");
        groups[1].Columns.Single().Kind.Should().Be(ColumnKind.Categorical);
        groups[1].Features.Select(f => encoder.FeatureNames[f]).Should().Equal("contract=Monthly", "contract=Biennial", "contract=Yearly", "contract=<other>");
        groups[0].Features.Should().Equal(0);
        ChurnAblation.Groups(encoder, [["contract"]]).Select(g => g.Name).Should().Equal("contract");
        var joined = ChurnAblation.Groups(encoder, [["contract", "tenure"]]).Single();
        joined.Name.Should().Be("contract+tenure");
        joined.Features.Should().Equal(0, 1, 2, 3, 4);
        FluentActions.Invoking(() => ChurnAblation.Groups(encoder, [["churned"]])).Should().Throw<ArgumentException>().WithMessage("'churned' is not a feature column*");
    }

    [Fact]
    public void Run_RefusesAGroupThatHoldsEveryFeature()
    {
        var (x, y) = Data(200, 4);
        var full = ChurnCrossValidation.Run(x, y, 2, Options with { Trees = 5 });

        var act = () => ChurnAblation.Run(x, y, [new FeatureGroup([new TabularColumn("all", 0, ColumnKind.Categorical, ["a", "b"])], [0, 1, 2])], full, Options);

        act.Should().Throw<ArgumentException>().WithMessage("*'all' leaves no feature to train on*");
    }
}
