using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Tabular;
using Spectre.Console;

namespace ActionPlane.Cli.Train;

/// <summary><c>train churn --ablation</c>: which columns to ablate, progress lines, the table on stdout and the report's <c>ablation</c> object.</summary>
internal static class ChurnAblationOutput
{
    /// <summary>
    /// The groups to ablate, checked before any training: at least two feature columns, each
    /// <c>--ablation-columns</c> name one of them (the error says why a name is not), no group of all of them.
    /// </summary>
    public static IReadOnlyList<FeatureGroup> Groups(CsvTable table, FeatureEncoder encoder, IReadOnlySet<string> excluded, string? only)
    {
        if (encoder.Columns.Count < 2)
            throw new ArgumentException($"--ablation needs at least two feature columns; {Path.GetFileName(table.Source)} has one ('{encoder.Columns[0].Name}'), and dropping it leaves nothing to train on.");
        // "a+b" asks for a and b dropped together, as one group.
        var groups = TrainCommands.SplitList(only).Select(g => (IReadOnlyList<string>)g.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        foreach (var name in groups.SelectMany(g => g))
        {
            if (encoder.Columns.Any(c => c.Name == name))
                continue;
            var dropped = encoder.Dropped.FirstOrDefault(d => d.Name == name);
            throw new ArgumentException(dropped is not null ? $"--ablation-columns: column '{name}' is not a feature: it was left out ({dropped.Reason})."
                : excluded.Contains(name) ? $"--ablation-columns: column '{name}' is not a feature (label, id, oracle or --exclude)."
                : $"--ablation-columns: unknown column '{name}'; the feature columns are {string.Join(", ", encoder.Columns.Select(c => c.Name))}.");
        }
        var result = ChurnAblation.Groups(encoder, groups.Count == 0 ? null : groups);
        if (result.FirstOrDefault(g => g.Features.Count == encoder.FeatureNames.Count) is { } everything)
            throw new ArgumentException($"--ablation-columns: '{everything.Name}' holds every feature column, and dropping it leaves nothing to train on.");
        return result;
    }

    /// <summary>Runs the ablation, printing the total up front and a progress line per group; returns the report's <c>ablation</c> object.</summary>
    public static JsonObject Run(float[][] features, bool[] labels, IReadOnlyList<FeatureGroup> groups, ChurnCrossValidationResult full,
        GbmOptions options, IReadOnlyList<string> featureNames, TextWriter output)
    {
        output.WriteLine(FormattableString.Invariant($"ablation: {groups.Count} groups × {full.Folds} folds ({groups.Count * full.Folds} fits; the full CV took {full.Seconds:F1} s)"));
        var clock = Stopwatch.StartNew();
        var done = 0;
        var results = ChurnAblation.Run(features, labels, groups, full, options, r => output.WriteLine(FormattableString.Invariant(
            $"{TextProgressBar.Format("ablation", ++done, groups.Count)} {r.Group.Name}: ΔROC-AUC {Signed(r.DeltaRocAuc, "0.00000")} ± {r.DeltaRocAucSe.ToString("0.00000", CultureInfo.InvariantCulture)} ({r.Seconds:F1} s)")));
        Print(output, results, full);
        return new JsonObject
        {
            ["baseline_roc_auc"] = CliConsole.Round(full.RocAuc),
            ["folds"] = full.Folds,
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2),
            ["noise_rule"] = "within_noise when |delta_roc_auc| < 2 × delta_roc_auc_se (standard error of the per-fold paired differences)",
            ["groups"] = new JsonArray([.. results.Select(r => (JsonNode)new JsonObject
            {
                ["column"] = r.Group.Name,
                ["kind"] = r.Group.Columns is [var single] ? (single.Kind == ColumnKind.Numeric ? "numeric" : "categorical") : $"{r.Group.Columns.Count} columns",
                ["features_dropped"] = new JsonArray([.. r.Group.Features.Select(f => (JsonNode)featureNames[f])]),
                ["roc_auc"] = CliConsole.Round(r.RocAuc),
                ["delta_roc_auc"] = CliConsole.Round(r.DeltaRocAuc),
                ["delta_roc_auc_se"] = CliConsole.Round(r.DeltaRocAucSe),
                ["delta_pr_auc"] = CliConsole.Round(r.DeltaPrAuc),
                ["delta_brier"] = CliConsole.Round(r.DeltaBrier),
                ["within_noise"] = r.WithinNoise,
                ["seconds"] = Math.Round(r.Seconds, 2),
            })]),
        };
    }

    private static void Print(TextWriter output, IReadOnlyList<ChurnAblationResult> results, ChurnCrossValidationResult full)
    {
        var table = new Table()
            .Title($"drop-column ablation: ROC-AUC {full.RocAuc.ToString("0.0000", CultureInfo.InvariantCulture)} with all features")
            .AddColumn("column").AddColumn(new TableColumn("features").RightAligned()).AddColumn(new TableColumn("ROC-AUC").RightAligned())
            .AddColumn(new TableColumn("ΔROC-AUC").RightAligned()).AddColumn(new TableColumn("± SE").RightAligned())
            .AddColumn(new TableColumn("ΔPR-AUC").RightAligned()).AddColumn(new TableColumn("ΔBrier").RightAligned()).AddColumn("");
        foreach (var r in results)
            table.AddRow(Markup.Escape(r.Group.Name), r.Group.Features.Count.ToString(CultureInfo.InvariantCulture), r.RocAuc.ToString("0.0000", CultureInfo.InvariantCulture),
                Signed(r.DeltaRocAuc, "0.00000"), r.DeltaRocAucSe.ToString("0.00000", CultureInfo.InvariantCulture), Signed(r.DeltaPrAuc), Signed(r.DeltaBrier),
                r.WithinNoise ? "within noise" : r.DeltaRocAuc < 0 ? "needed" : "better without");
        CliConsole.For(output).Write(table);
        output.WriteLine($"Δ = without the column − with it, mean of {full.Folds} paired folds; \"within noise\": |ΔROC-AUC| < 2 SE.");
    }

    private static string Signed(double value, string digits = "0.0000") => value.ToString($"+{digits};-{digits};{digits}", CultureInfo.InvariantCulture);
}
