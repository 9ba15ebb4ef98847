using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Models;
using Spectre.Console;

namespace ActionPlane.Cli.Train;

/// <summary>
/// <c>--cost-fp C --cost-fn C</c> or <c>--min-precision P</c> of <c>train churn</c>: how the decision
/// threshold is chosen on the cross-validation's out-of-fold probabilities, and how it is reported.
/// </summary>
internal sealed record ThresholdArgs(double? CostFp, double? CostFn, double? MinPrecision)
{
    /// <summary>Issue 4's calibration bound: out-of-fold probabilities with an ECE above it are not read as probabilities.</summary>
    public const double CalibratedEce = 0.03;

    /// <summary>Adds the three options to <paramref name="command"/>.</summary>
    public static (Option<double?> CostFp, Option<double?> CostFn, Option<double?> MinPrecision) AddTo(Command command)
    {
        var costFp = new Option<double?>("--cost-fp") { Description = "Cost of acting on an account that would have stayed (with --cost-fn): choose the threshold with the least total cost" };
        var costFn = new Option<double?>("--cost-fn") { Description = "Cost of missing a churner (with --cost-fp)" };
        var minPrecision = new Option<double?>("--min-precision") { Description = "Choose the lowest threshold whose precision is at least this (0 < P < 1); not with the costs" };
        command.Options.Add(costFp);
        command.Options.Add(costFn);
        command.Options.Add(minPrecision);
        return (costFp, costFn, minPrecision);
    }

    /// <summary>The validated choice, or null when no threshold was asked for.</summary>
    public static ThresholdArgs? From(double? costFp, double? costFn, double? minPrecision)
    {
        if (costFp is null != costFn is null)
            throw new ArgumentException(costFp is null ? "--cost-fn needs --cost-fp: give both costs or neither." : "--cost-fp needs --cost-fn: give both costs or neither.");
        if (costFp is not null && minPrecision is not null)
            throw new ArgumentException("--min-precision cannot be combined with --cost-fp/--cost-fn: the threshold is chosen by one rule.");
        foreach (var (value, option) in new[] { (costFp, "--cost-fp"), (costFn, "--cost-fn") })
            if (value is { } v && !(double.IsFinite(v) && v > 0))
                throw new ArgumentException($"{option} must be a positive number; got {Text(v)}.");
        if (minPrecision is { } p && !(p is > 0 and < 1))
            throw new ArgumentException($"--min-precision must be between 0 and 1 (exclusive); got {Text(p)}.");
        return costFp is null && minPrecision is null ? null : new ThresholdArgs(costFp, costFn, minPrecision);
    }

    public ThresholdChoice Choose(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels) => MinPrecision is { } p
        ? ThresholdChoice.ByMinPrecision(probabilities, labels, p)
        : ThresholdChoice.ByCost(probabilities, labels, CostFp!.Value, CostFn!.Value);

    /// <summary>The report's <c>threshold</c> object: rule, chosen point, comparison costs and the curve.</summary>
    public static JsonObject Report(ThresholdChoice choice, ChurnCrossValidationResult cv)
    {
        var json = new JsonObject
        {
            ["rule"] = choice.MinPrecision is null ? "cost" : "min_precision",
            ["cost_fp"] = choice.CostFalsePositive,
            ["cost_fn"] = choice.CostFalseNegative,
            ["min_precision"] = choice.MinPrecision,
            ["chosen_on"] = $"out-of-fold probabilities of the {cv.Folds}-fold CV",
            // Whether the probabilities mean what they say. The rows a threshold flags, and so its cost, depend only on the
            // probabilities' order, which a monotone recalibration keeps: only the threshold's number depends on calibration.
            ["probabilities_ece"] = CliConsole.Round(cv.Ece),
            ["probabilities"] = Calibration(cv),
            ["threshold"] = CliConsole.Round(choice.Chosen.Threshold),
            ["precision"] = choice.Chosen.Precision is { } p ? CliConsole.Round(p) : null,
            ["recall"] = CliConsole.Round(choice.Chosen.Recall),
            ["f1"] = CliConsole.Round(choice.Chosen.F1),
            ["flagged_share"] = CliConsole.Round(choice.Chosen.FlaggedShare),
        };
        if (choice.Cost is { } cost)
        {
            json["cost"] = CliConsole.Round(cost);
            json["cost_flag_nobody"] = CliConsole.Round(choice.CostFlagNobody!.Value);
            json["cost_flag_everyone"] = CliConsole.Round(choice.CostFlagEveryone!.Value);
            // For calibrated probabilities the expected cost is least at fp / (fp + fn); far from it, the chosen number is not that.
            json["bayes_threshold"] = CliConsole.Round(choice.CostFalsePositive!.Value / (choice.CostFalsePositive.Value + choice.CostFalseNegative!.Value));
        }
        json["rows"] = choice.Rows;
        json["positives"] = choice.Positives;
        json["curve"] = new JsonArray([.. choice.Curve.Select(point => (JsonNode)new JsonObject
        {
            ["threshold"] = CliConsole.Round(point.Threshold),
            ["precision"] = point.Precision is { } p ? CliConsole.Round(p) : null,
            ["recall"] = CliConsole.Round(point.Recall),
        })]);
        return json;
    }

    /// <summary>What the threshold's number is: a probability when the out-of-fold probabilities are calibrated, else a model score.</summary>
    public static string Calibration(ChurnCrossValidationResult cv) => cv.Ece <= CalibratedEce
        ? $"calibrated (ECE {Text(cv.Ece)} <= {Text(CalibratedEce)}): the threshold is a churn probability"
        : $"not calibrated (ECE {Text(cv.Ece)} > {Text(CalibratedEce)}): the threshold is the model's score, not a churn probability; the flagged rows and costs do not depend on calibration";

    /// <summary>The threshold table on stdout.</summary>
    public static void Print(TextWriter output, ThresholdChoice choice, ChurnCrossValidationResult cv)
    {
        var table = new Table().Title(Markup.Escape($"threshold: {choice.Rule}"))
            .AddColumn("operating point").AddColumn(new TableColumn("threshold").RightAligned()).AddColumn(new TableColumn("precision").RightAligned())
            .AddColumn(new TableColumn("recall").RightAligned()).AddColumn(new TableColumn("f1").RightAligned()).AddColumn(new TableColumn("flagged").RightAligned());
        if (choice.Cost is not null)
            table.AddColumn(new TableColumn("cost").RightAligned());
        var chosen = choice.Chosen;
        table.AddRow([.. new[] { "chosen", Text(chosen.Threshold, 4), chosen.Precision is { } p ? Text(p, 4) : "n/a", Text(chosen.Recall, 4), Text(chosen.F1, 4),
            $"{Text(chosen.FlaggedShare * 100, 1)} %" }.Concat(choice.Cost is { } c ? [Text(c, 2)] : [])]);
        if (choice.Cost is not null)
        {
            var rate = choice.Positives / (double)choice.Rows;
            table.AddRow("flag nobody", "", "n/a", "0", "0", "0 %", Text(choice.CostFlagNobody!.Value, 2));
            table.AddRow("flag everyone", "", Text(rate, 4), "1", Text(2 * rate / (1 + rate), 4), "100 %", Text(choice.CostFlagEveryone!.Value, 2));
        }
        CliConsole.For(output).Write(table);
        output.WriteLine($"threshold chosen on the {cv.Folds}-fold out-of-fold probabilities, {Calibration(cv)}"
            + (choice.CostFalsePositive is { } fp ? $"; for calibrated probabilities the cheapest is near fp / (fp + fn) = {Text(fp / (fp + choice.CostFalseNegative!.Value))}." : "."));
    }

    private static string Text(double value, int decimals = 4) =>
        Math.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
}
