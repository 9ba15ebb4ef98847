using System.CommandLine;
using ActionPlane.Engine.Tabular;

namespace ActionPlane.Cli.Train;

/// <summary>The optional LightGBM knobs shared by the train commands (--trees, --leaves, --learning-rate, --min-leaf).</summary>
internal static class GbmCliOptions
{
    /// <summary>Adds the options; the returned function reads them back, defaulting to <paramref name="defaults"/>.</summary>
    public static Func<ParseResult, GbmOptions> AddTo(Command command, GbmOptions defaults)
    {
        var trees = new Option<int>("--trees") { Description = "Boosting rounds", DefaultValueFactory = _ => defaults.Trees };
        var leaves = new Option<int>("--leaves") { Description = "Leaves per tree", DefaultValueFactory = _ => defaults.Leaves };
        var rate = new Option<double>("--learning-rate") { Description = "Shrinkage", DefaultValueFactory = _ => defaults.LearningRate };
        var minLeaf = new Option<int>("--min-leaf") { Description = "Minimum rows per leaf", DefaultValueFactory = _ => defaults.MinExamplesPerLeaf };
        command.Options.Add(trees);
        command.Options.Add(leaves);
        command.Options.Add(rate);
        command.Options.Add(minLeaf);
        return parse => defaults with
        {
            Trees = Positive(parse.GetValue(trees), "--trees"),
            Leaves = Math.Max(2, Positive(parse.GetValue(leaves), "--leaves")),
            LearningRate = parse.GetValue(rate) is > 0 and <= 1 and var r ? r : throw new ArgumentException("--learning-rate must be in (0, 1]."),
            MinExamplesPerLeaf = Positive(parse.GetValue(minLeaf), "--min-leaf"),
        };
    }

    private static int Positive(int value, string option) => value > 0 ? value : throw new ArgumentException($"{option} must be positive; got {value}.");
}
