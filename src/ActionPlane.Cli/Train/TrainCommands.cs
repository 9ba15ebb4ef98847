using System.CommandLine;

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
        return train;
    }

    /// <summary>Splits a comma-separated option value, ignoring blanks.</summary>
    public static IReadOnlyList<string> SplitList(string? value) =>
        value is null ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
