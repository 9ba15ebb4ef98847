using System.CommandLine;
using ActionPlane.Engine.Tabular;

namespace ActionPlane.Cli.Train;

/// <summary>The optional LightGBM knobs shared by the train commands (--trees, --leaves, --learning-rate, --min-leaf, --l2, --feature-fraction, --subsample, --early-stopping).</summary>
internal static class GbmCliOptions
{
    /// <summary>Adds the options; the returned function reads them back, defaulting to <paramref name="defaults"/>.</summary>
    public static Func<ParseResult, GbmOptions> AddTo(Command command, GbmOptions defaults)
    {
        var trees = new Option<int>("--trees") { Description = "Boosting rounds", DefaultValueFactory = _ => defaults.Trees };
        var leaves = new Option<int>("--leaves") { Description = "Leaves per tree", DefaultValueFactory = _ => defaults.Leaves };
        var rate = new Option<double>("--learning-rate") { Description = "Shrinkage", DefaultValueFactory = _ => defaults.LearningRate };
        var minLeaf = new Option<int>("--min-leaf") { Description = "Minimum rows per leaf", DefaultValueFactory = _ => defaults.MinExamplesPerLeaf };
        var l2 = new Option<double>("--l2") { Description = "L2 regularisation of leaf values", DefaultValueFactory = _ => defaults.L2Regularization };
        var featureFraction = new Option<double>("--feature-fraction") { Description = "Share of features each tree may split on", DefaultValueFactory = _ => defaults.FeatureFraction };
        var subsample = new Option<double>("--subsample") { Description = "Share of rows each tree sees (1 = all)", DefaultValueFactory = _ => defaults.SubsampleFraction };
        var stopping = new Option<int>("--early-stopping") { Description = "Stop after this many trees without a better log-loss on a 15 % hold-out of the training rows, then refit on all of them (0 = off; --trees is the cap)", DefaultValueFactory = _ => defaults.EarlyStoppingRounds };
        foreach (var option in new Option[] { trees, leaves, rate, minLeaf, l2, featureFraction, subsample, stopping })
            command.Options.Add(option);
        return parse => defaults with
        {
            Trees = Positive(parse.GetValue(trees), "--trees"),
            Leaves = Math.Max(2, Positive(parse.GetValue(leaves), "--leaves")),
            LearningRate = parse.GetValue(rate) is > 0 and <= 1 and var r ? r : throw new ArgumentException("--learning-rate must be in (0, 1]."),
            MinExamplesPerLeaf = Positive(parse.GetValue(minLeaf), "--min-leaf"),
            L2Regularization = parse.GetValue(l2) is >= 0 and var lambda ? lambda : throw new ArgumentException("--l2 must not be negative."),
            FeatureFraction = Fraction(parse.GetValue(featureFraction), "--feature-fraction"),
            SubsampleFraction = Fraction(parse.GetValue(subsample), "--subsample"),
            EarlyStoppingRounds = parse.GetValue(stopping) is >= 0 and var rounds ? rounds : throw new ArgumentException("--early-stopping must not be negative."),
        };
    }

    private static double Fraction(double value, string option) => value is > 0 and <= 1 ? value : throw new ArgumentException($"{option} must be in (0, 1]; got {value}.");

    private static int Positive(int value, string option) => value > 0 ? value : throw new ArgumentException($"{option} must be positive; got {value}.");
}
