using System.CommandLine;

namespace ActionPlane.Cli.Data;

/// <summary>The <c>actionplane data</c> command group: <c>generate</c>, <c>drivers</c>.</summary>
internal static class DataCommands
{
    public static Command Create()
    {
        var data = new Command("data", "Generate synthetic tenants and datasets with ground truth");
        data.Subcommands.Add(GenerateCommand.Create());
        data.Subcommands.Add(DriversCommand.Create());
        return data;
    }
}
