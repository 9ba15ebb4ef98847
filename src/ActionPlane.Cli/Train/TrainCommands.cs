using System.CommandLine;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Cli.Train;

/// <summary>The <c>actionplane train</c> command group: <c>churn</c>, <c>uplift</c> and <c>rank</c> on users' own files.</summary>
internal static class TrainCommands
{
    public static Command Create()
    {
        var train = new Command("train", "Train and evaluate models on your own CSV / LETOR files");
        train.Subcommands.Add(ChurnCommand.Create());
        train.Subcommands.Add(UpliftCommand.Create());
        train.Subcommands.Add(RankCommand.Create());
        train.Subcommands.Add(FromLogCommand.Create());
        train.Subcommands.Add(ChurnFromLogCommand.Create());
        return train;
    }

    /// <summary>Splits a comma-separated option value, ignoring blanks.</summary>
    public static IReadOnlyList<string> SplitList(string? value) =>
        value is null ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary><c>--learners</c> of <c>train uplift</c> and <c>evaluate</c>: uplift learner names, comma-separated; null when none are given (the product's choice among all).</summary>
    public static IReadOnlyList<UpliftLearner>? Learners(string? value)
    {
        var names = SplitList(value);
        if (names.Count == 0)
            return null;
        return names.Select(n => Enum.TryParse<UpliftLearner>(n, ignoreCase: true, out var l) && Enum.IsDefined(l)
            ? l : throw new ArgumentException($"--learners: unknown learner '{n}'; known: {string.Join(", ", Enum.GetNames<UpliftLearner>())}.")).ToList();
    }
}
