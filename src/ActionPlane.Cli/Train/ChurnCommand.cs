using System.CommandLine;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Tabular;

namespace ActionPlane.Cli.Train;

/// <summary>Arguments of <c>actionplane train churn</c>.</summary>
internal sealed record ChurnArgs(string Csv, string Label, string? Positive = null, string? Id = null, string? Exclude = null,
    int Folds = 5, int Seed = 42, string? OracleColumn = null, string? Report = null, GbmOptions? Gbm = null, RegisterTarget? Register = null,
    bool Ceiling = false, double? CostFp = null, double? CostFn = null, double? MinPrecision = null, bool Ablation = false, string? AblationColumns = null);

/// <summary>
/// <c>actionplane train churn</c>: stratified k-fold CV of the gradient-boosted churn model on a CSV,
/// printing a metric table and writing the JSON report.
/// </summary>
internal static class ChurnCommand
{
    public static Command Create()
    {
        var csv = new Option<string>("--csv") { Description = "CSV file with a header row", Required = true };
        var label = new Option<string>("--label") { Description = "Label column", Required = true };
        var positive = new Option<string?>("--positive") { Description = "Label value meaning churned (default: 1/yes/true)" };
        var id = new Option<string?>("--id") { Description = "Identifier column (not a feature)" };
        var exclude = new Option<string?>("--exclude") { Description = "Columns to leave out, comma-separated" };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 42 };
        var oracle = new Option<string?>("--oracle-column") { Description = "Column of true probabilities (not a feature); reports oracle_roc_auc" };
        var report = new Option<string?>("--report") { Description = "JSON report file" };
        var ceiling = new Option<bool>("--ceiling") { Description = "With --oracle-column: also fit the oracle's log-odds from the features (same folds) and report its ROC-AUC as ceiling_roc_auc" };
        var ablation = new Option<bool>("--ablation") { Description = "Also re-run the CV without each input column (same folds and settings) and report what each one's loss costs" };
        var ablationColumns = new Option<string?>("--ablation-columns") { Description = "Ablate only these columns, comma-separated; a+b drops a and b together as one group (implies --ablation)" };
        var command = new Command("churn", "Cross-validate a gradient-boosted churn model on a CSV");
        foreach (var option in new Option[] { csv, label, positive, id, exclude, folds, seed, oracle, report, ceiling, ablation, ablationColumns })
            command.Options.Add(option);
        var gbm = GbmCliOptions.AddTo(command, new GbmOptions());
        var register = ModelRegistration.AddTo(command);
        var (costFp, costFn, minPrecision) = ThresholdArgs.AddTo(command);
        command.SetAction(parse => CliConsole.Guard(Console.Error, () => Run(new ChurnArgs(parse.GetValue(csv)!, parse.GetValue(label)!, parse.GetValue(positive), parse.GetValue(id),
            parse.GetValue(exclude), parse.GetValue(folds), parse.GetValue(seed), parse.GetValue(oracle), parse.GetValue(report), gbm(parse), register(parse), parse.GetValue(ceiling),
            parse.GetValue(costFp), parse.GetValue(costFn), parse.GetValue(minPrecision), parse.GetValue(ablation), parse.GetValue(ablationColumns)), Console.Out, Console.Error)));
        return command;
    }

    internal static int Run(ChurnArgs args, TextWriter output, TextWriter error) => CliConsole.Guard(error, () =>
    {
        if (args.Ceiling && args.OracleColumn is null)
            throw new ArgumentException("--ceiling needs --oracle-column: the ceiling is a fit to the oracle's probabilities.");
        var thresholdArgs = ThresholdArgs.From(args.CostFp, args.CostFn, args.MinPrecision);
        var table = CsvTable.Read(args.Csv);
        var excluded = ExcludedColumns(table, args.Label, args.Id, args.Exclude, args.OracleColumn);
        var labels = BinaryColumn.Read(table, args.Label, args.Positive, "--label");
        var oracle = args.OracleColumn is null ? null : BinaryColumn.ReadNumbers(table, args.OracleColumn, "--oracle-column");
        var encoder = FeatureEncoder.Fit(table, excluded);
        var ablationGroups = args.Ablation || args.AblationColumns is not null ? ChurnAblationOutput.Groups(table, encoder, excluded, args.AblationColumns) : null;
        var features = encoder.EncodeAll(table);
        var options = (args.Gbm ?? new GbmOptions()) with { Seed = args.Seed };
        var result = ChurnCrossValidation.Run(features, labels, args.Folds, options);
        // Chosen on the out-of-fold probabilities: each row scored by a model that did not see it, as the registered model will score new accounts.
        var threshold = thresholdArgs?.Choose(result.OutOfFold, labels);

        var report = new JsonObject
        {
            ["roc_auc"] = CliConsole.Round(result.RocAuc),
            ["roc_auc_std"] = CliConsole.Round(result.RocAucStd),
            ["pr_auc"] = CliConsole.Round(result.PrAuc),
            ["brier"] = CliConsole.Round(result.Brier),
            ["ece"] = CliConsole.Round(result.Ece),
            ["n_rows"] = result.Rows,
            ["positive_rate"] = CliConsole.Round(result.PositiveRate),
            ["folds"] = result.Folds,
        };
        if (oracle is not null)
        {
            report["oracle_roc_auc"] = CliConsole.Round(BinaryMetrics.RocAuc(oracle, labels));
            report["oracle_ece"] = CliConsole.Round(CalibrationError.Ece(oracle.Select(p => Math.Clamp(p, 0, 1)).ToList(), labels));
            if (args.Ceiling)
                report["ceiling_roc_auc"] = CliConsole.Round(ChurnCrossValidation.CeilingRocAuc(features, labels, oracle, args.Folds, options));
        }
        report["n_features"] = encoder.FeatureNames.Count;
        report["seconds"] = Math.Round(result.Seconds, 2);
        report["fold_trees"] = new JsonArray([.. result.FoldTrees.Select(t => (JsonNode)t)]);
        report["gbm"] = new JsonObject
        {
            ["trees"] = options.Trees, ["leaves"] = options.Leaves, ["learning_rate"] = options.LearningRate, ["min_leaf"] = options.MinExamplesPerLeaf,
            ["l2"] = options.L2Regularization, ["feature_fraction"] = options.FeatureFraction, ["subsample"] = options.SubsampleFraction,
            ["early_stopping"] = options.EarlyStoppingRounds,
        };
        report["fold_roc_auc"] = new JsonArray([.. result.FoldRocAucs.Select(a => CliConsole.Round(a))]);
        report["columns"] = Columns(encoder);
        if (threshold is not null)
            report["threshold"] = ThresholdArgs.Report(threshold, result);
        if (args.Register is { } target)
        {
            // The registered model is one fit on all rows; the CV metrics describe how such a fit generalises.
            var trees = Gbm.FitBinary(features, labels, options);
            var metrics = new Dictionary<string, double> { ["roc_auc"] = result.RocAuc, ["pr_auc"] = result.PrAuc, ["brier"] = result.Brier, ["ece"] = result.Ece };
            if (threshold is not null)
                threshold.AddMetricsTo(metrics);
            report["registered_version"] = ModelRegistration.Register(target, "csv/churn", args.Csv, encoder.FeatureNames, result.Rows, metrics,
                $"Gradient-boosted churn classifier on {Path.GetFileName(args.Csv)} (label '{args.Label}'), {args.Folds}-fold CV metrics."
                + (threshold is null ? "" : "\n" + threshold.CardLine($"the {args.Folds}-fold out-of-fold probabilities")),
                _ => ModelRegistration.TreesBytes("ActionPlane.CsvChurnModel/1", encoder.FeatureNames, trees), threshold);
        }

        CliConsole.PrintMetrics(output, $"churn: {args.Folds}-fold CV on {Path.GetFileName(args.Csv)}", report);
        if (threshold is not null)
            ThresholdArgs.Print(output, threshold, result);
        foreach (var dropped in encoder.Dropped)
            output.WriteLine($"note: column '{dropped.Name}' left out: {dropped.Reason}");
        if (ablationGroups is not null)
            report["ablation"] = ChurnAblationOutput.Run(features, labels, ablationGroups, result, options, encoder.FeatureNames, output);
        CliConsole.WriteReport(args.Report, report);
        return 0;
    });

    /// <summary>The columns that are not features: label, id, oracle and --exclude; each must exist.</summary>
    internal static HashSet<string> ExcludedColumns(CsvTable table, string label, string? id, string? exclude, string? oracle, params (string? Column, string Option)[] more)
    {
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (column, option) in new[] { ((string?)label, "--label"), (id, "--id"), (oracle, "--oracle-column") }.Concat(more)
            .Concat(TrainCommands.SplitList(exclude).Select(e => ((string?)e, "--exclude"))))
        {
            if (column is null)
                continue;
            table.IndexOf(column, option);
            excluded.Add(column);
        }
        return excluded;
    }

    internal static JsonObject Columns(FeatureEncoder encoder)
    {
        var columns = new JsonObject();
        foreach (var column in encoder.Columns)
            columns[column.Name] = column.Kind == ColumnKind.Numeric ? "numeric" : $"categorical ({column.Levels.Count} levels)";
        foreach (var dropped in encoder.Dropped)
            columns[dropped.Name] = $"dropped: {dropped.Reason}";
        return columns;
    }
}
