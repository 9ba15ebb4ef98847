using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ActionPlane.Cli.Train;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Features;
using Spectre.Console;

namespace ActionPlane.Cli.Data;

/// <summary>
/// <c>actionplane data drivers</c>: how well the point-in-time features recover each hidden driver of a
/// generated tenant (R² of the best single feature and of an additive fit over all of them), the
/// diagnosis behind the churn gap to the oracle.
/// </summary>
internal static class DriversCommand
{
    public static Command Create()
    {
        var accounts = new Option<int>("--accounts") { Description = "Number of accounts", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var report = new Option<string?>("--report") { Description = "JSON report file" };
        var command = new Command("drivers", "R² of the generator's hidden churn drivers from the features");
        foreach (var option in new Option[] { accounts, seed, report })
            command.Options.Add(option);
        command.SetAction(parse => Run(parse.GetValue(accounts), parse.GetValue(seed), parse.GetValue(report), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(int accounts, int seed, string? reportPath, TextWriter output, TextWriter error) =>
        CliConsole.Guard(error, () =>
        {
            if (accounts is < 100 or > 1_000_000)
                throw new ArgumentException($"--accounts must be between 100 and 1,000,000; got {accounts}.");
            var tenant = new TenantGenerator(seed).Generate(accounts, GenerateCommand.DefaultAsOf);
            var (rows, floor) = DriverRecoveryAnalysis.MeasureAll(tenant);
            var table = new Table().AddColumn("driver").AddColumn("best feature").AddColumn(new TableColumn("R²").RightAligned()).AddColumn(new TableColumn("R², all features").RightAligned());
            var json = new JsonObject { ["accounts"] = accounts, ["seed"] = seed, ["features"] = FeatureBuilder.FeatureNames.Count };
            foreach (var row in rows)
            {
                table.AddRow(row.Driver, row.BestFeature, R2(row.BestR2), R2(row.AllFeaturesR2));
                json[row.Driver] = new JsonObject { ["best_feature"] = row.BestFeature, ["r2"] = Math.Round(row.BestR2, 4), ["r2_all"] = Math.Round(row.AllFeaturesR2, 4) };
            }
            CliConsole.For(output).Write(table);
            // The label's AUC from the truth with and without the hazard's noise: what no feature can close.
            output.WriteLine($"label ROC-AUC: oracle {Auc(floor.OracleRocAuc)}, noise-free hazard {Auc(floor.NoiseFreeRocAuc)} (noise costs {Auc(floor.NoiseGap)}), "
                + $"features' additive fit to it {Auc(floor.FeaturesRocAuc)} (features miss {Auc(floor.FeatureGap)})");
            json["floor"] = new JsonObject
            {
                ["oracle_roc_auc"] = Math.Round(floor.OracleRocAuc, 5),
                ["noise_free_roc_auc"] = Math.Round(floor.NoiseFreeRocAuc, 5),
                ["features_roc_auc"] = Math.Round(floor.FeaturesRocAuc, 5),
                ["noise_gap"] = Math.Round(floor.NoiseGap, 5),
                ["feature_gap"] = Math.Round(floor.FeatureGap, 5),
            };
            CliConsole.WriteReport(reportPath, json);
            return 0;
        });

    private static string Auc(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string R2(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
