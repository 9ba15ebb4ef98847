using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Training;

namespace ActionPlane.Cli.Train;

/// <summary>Arguments of <c>actionplane train churn-from-log</c>.</summary>
internal sealed record ChurnFromLogArgs(string Connection, string? Schema, int MinRows, int Seed, bool Register, string? Report);

/// <summary>
/// <c>actionplane train churn-from-log --connection CS [--register]</c>: retrains the churn model from the
/// product's log — the labelled decisions that left the account untreated, one row per account-decision,
/// on the features recorded at decision time (<see cref="ChurnRetrainer"/>); <c>--register</c> stores
/// the challenger (never the champion; promotion is a separate step through the promotion gate).
/// </summary>
internal static class ChurnFromLogCommand
{
    public static Command Create()
    {
        var connection = new Option<string?>("--connection") { Description = $"PostgreSQL connection string (default: {ModelRegistration.ConnectionVariable})" };
        var schema = new Option<string?>("--schema") { Description = "Marten schema of the product's store (default: the product's)" };
        var minRows = new Option<int>("--min-rows") { Description = "Untreated labelled account-decisions a run needs", DefaultValueFactory = _ => ChurnRetrainOptions.DefaultMinRows };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 42 };
        var register = new Option<bool>("--register") { Description = "Store the trained model in the model registry as a challenger" };
        var report = new Option<string?>("--report") { Description = "JSON report file" };
        var command = new Command("churn-from-log", "Retrain the churn model from the untreated decisions of the log and their observed outcomes (closing the loop)");
        foreach (var option in new Option[] { connection, schema, minRows, seed, register, report })
            command.Options.Add(option);
        command.SetAction(parse => CliConsole.Guard(Console.Error, () =>
            Run(new ChurnFromLogArgs(FromLogCommand.ConnectionOf(parse, connection), parse.GetValue(schema), parse.GetValue(minRows), parse.GetValue(seed),
                parse.GetValue(register), parse.GetValue(report)), Console.Out, Console.Error)));
        return command;
    }

    internal static int Run(ChurnFromLogArgs args, TextWriter output, TextWriter error)
    {
        var options = new ChurnRetrainOptions { MinRows = args.MinRows, Seed = args.Seed, Register = args.Register };
        // Before the store is opened: a bad --min-rows names the option, not a database.
        if (args.MinRows < ChurnRetrainOptions.MinRowsFloor)
            throw new ArgumentException($"--min-rows: at least {ChurnRetrainOptions.MinRowsFloor} (the churn model's own floor for fit, calibration and test); got {args.MinRows}.");
        var run = FromLogCommand.RunUnderLock(args.Connection, args.Schema,
            store => new ChurnRetrainer(store, TimeProvider.System).RetrainAsync(options, "cli:" + Environment.UserName), error);
        if (run?.Churn is not { } r)
            return CliConsole.BadInput;

        var metrics = new JsonObject();
        foreach (var (key, value) in r.Metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            metrics[key] = CliConsole.Round(value);
        var gate = r.PromotionVerdict ?? "may be promoted";
        CliConsole.WriteReport(args.Report, new JsonObject
        {
            ["at"] = run.At.ToString("O", CultureInfo.InvariantCulture), ["registered"] = r.Registered, ["version"] = r.Version, ["champion"] = r.ChampionVersion,
            ["promotion_gate"] = gate, ["rows"] = r.Rows, ["churned"] = r.Churned, ["treated_decisions_left_out"] = r.TreatedDecisionsLeftOut,
            ["candidate_rows_merged"] = r.CandidateRowsMerged, ["labelled_rows"] = run.LabelledRows, ["older_feature_rows"] = run.OlderFeatureRows, ["metrics"] = metrics,
        });
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c,
            $"churn: {(r.Registered ? "registered challenger" : "trained (not registered)")} {r.Version} on {r.Rows} untreated decisions ({r.Churned} churned); left out {r.TreatedDecisionsLeftOut} treated decisions, merged {r.CandidateRowsMerged} further candidate rows, {run.OlderFeatureRows} rows with an older feature list"));
        output.WriteLine(string.Create(c,
            $"held-out: ROC-AUC {Metric(r, "roc_auc")}, PR-AUC {Metric(r, "pr_auc")}, Brier {Metric(r, "brier")}, {Metric(r, "training_seconds")} s; champion {r.ChampionVersion ?? "none"}; promotion gate: {gate}"));
        return 0;
    }

    private static string Metric(ChurnRetrainResult r, string key) =>
        r.Metrics.TryGetValue(key, out var v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";
}
