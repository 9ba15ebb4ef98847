using System.CommandLine;
using System.Text.Json;
using ActionPlane.Cli.Train;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Data;
using Spectre.Console;

namespace ActionPlane.Cli.Data;

/// <summary>
/// <c>actionplane data generate</c>: writes <c>churn.csv</c>, one <c>uplift_&lt;action&gt;.csv</c> per
/// catalog action type and <c>actions.json</c> (costs and ground-truth effect summaries).
/// </summary>
internal static class GenerateCommand
{
    /// <summary>Fixed snapshot day, so the same seed gives the same files on any day.</summary>
    public static readonly DateOnly DefaultAsOf = new(2026, 1, 1);

    public static Command Create()
    {
        var accounts = new Option<int>("--accounts") { Description = "Number of accounts", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--out") { Description = "Output folder", Required = true };
        var scenario = new Option<string?>("--scenario") { Description = "Scenario JSON file (base_churn_shift, noise_scale, effect_heterogeneity, effect_scale, confounding)" };
        var command = new Command("generate", "Write churn.csv and uplift_<action>.csv with ground truth");
        command.Options.Add(accounts);
        command.Options.Add(seed);
        command.Options.Add(output);
        command.Options.Add(scenario);
        command.SetAction(parse => Run(parse.GetValue(accounts), parse.GetValue(seed), parse.GetValue(output)!, parse.GetValue(scenario), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(int accounts, int seed, string outDir, string? scenarioFile, TextWriter output, TextWriter error) =>
        CliConsole.Guard(error, () =>
        {
            if (accounts is < 1 or > 1_000_000)
                throw new ArgumentException($"--accounts must be between 1 and 1,000,000; got {accounts}.");
            var scenario = scenarioFile is null ? Scenario.Default : Scenario.Load(scenarioFile);
            var tenant = new TenantGenerator(seed, scenario).Generate(accounts, DefaultAsOf);
            var datasets = new SyntheticDatasets(tenant, scenario);
            Directory.CreateDirectory(outDir);

            var churn = datasets.Churn();
            DatasetCsvWriter.WriteChurn(Path.Combine(outDir, "churn.csv"), churn);
            var table = new Table().AddColumn("file").AddColumn("action").AddColumn(new TableColumn("cost").RightAligned())
                .AddColumn(new TableColumn("mean true uplift").RightAligned()).AddColumn(new TableColumn("helped").RightAligned()).AddColumn(new TableColumn("harmed").RightAligned());
            table.AddRow("churn.csv", "-", "-", $"churn rate {churn.Count(r => r.Churned) / (double)churn.Count:P1}", "-", "-");
            var summaries = new List<ActionTruthSummary>();
            foreach (var action in ActionCatalog.Default.All)
            {
                var type = action.Type.Value;
                var rows = datasets.Uplift(type);
                DatasetCsvWriter.WriteUplift(Path.Combine(outDir, $"uplift_{type}.csv"), rows, withPropensity: scenario.Confounding > 0);
                var summary = datasets.Summary(type, action.Cost);
                summaries.Add(summary);
                table.AddRow($"uplift_{type}.csv", type, summary.Cost.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    summary.MeanTrueUplift.ToString("+0.0000;-0.0000", System.Globalization.CultureInfo.InvariantCulture), $"{summary.ShareHelped:P0}", $"{summary.ShareHarmed:P0}");
            }
            File.WriteAllText(Path.Combine(outDir, "actions.json"), JsonSerializer.Serialize(new { seed, accounts, as_of = DefaultAsOf, scenario, actions = summaries }, new JsonSerializerOptions { WriteIndented = true }));
            CliConsole.For(output).Write(table);
            output.WriteLine($"wrote {accounts} accounts to {Path.GetFullPath(outDir)}");
            return 0;
        });
}
