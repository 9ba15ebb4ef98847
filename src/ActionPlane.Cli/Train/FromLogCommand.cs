using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Training;
using Marten;

namespace ActionPlane.Cli.Train;

/// <summary>Arguments of <c>actionplane train uplift-from-log</c>.</summary>
internal sealed record FromLogArgs(string Connection, string? Schema, IReadOnlyList<string> Actions, int MinRows, int Seed, bool Register, string? Report);

/// <summary>
/// <c>actionplane train uplift-from-log --connection CS [--register]</c>: retrains the uplift model of
/// each action type from the product's logged decisions and observed outcomes (the training-examples
/// projection), with the challenger compared off-policy against the champion; <c>--register</c> stores
/// the challengers (never champions; promotion is a separate step through the promotion gate).
/// </summary>
internal static class FromLogCommand
{
    public static Command Create()
    {
        var connection = new Option<string?>("--connection") { Description = $"PostgreSQL connection string (default: {ModelRegistration.ConnectionVariable})" };
        var schema = new Option<string?>("--schema") { Description = "Marten schema of the product's store (default: the product's)" };
        var actions = new Option<string?>("--action") { Description = "Action types to retrain, comma-separated (default: every action type with labelled rows)" };
        var minRows = new Option<int>("--min-rows") { Description = "Labelled rows each arm (treated, control) needs", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 17 };
        var register = new Option<bool>("--register") { Description = "Store the trained models in the model registry as challengers" };
        var report = new Option<string?>("--report") { Description = "JSON report file" };
        var command = new Command("uplift-from-log", "Retrain uplift per action from logged decisions and observed outcomes (closing the loop)");
        foreach (var option in new Option[] { connection, schema, actions, minRows, seed, register, report })
            command.Options.Add(option);
        command.SetAction(parse => CliConsole.Guard(Console.Error, () =>
            Run(new FromLogArgs(ConnectionOf(parse, connection), parse.GetValue(schema), TrainCommands.SplitList(parse.GetValue(actions)), parse.GetValue(minRows), parse.GetValue(seed),
                parse.GetValue(register), parse.GetValue(report)), Console.Out, Console.Error)));
        return command;
    }

    /// <summary><c>--connection</c>, or the product's connection variable when it is left out.</summary>
    internal static string ConnectionOf(ParseResult parse, Option<string?> connection)
    {
        var cs = parse.GetValue(connection) ?? Environment.GetEnvironmentVariable(ModelRegistration.ConnectionVariable);
        return string.IsNullOrWhiteSpace(cs)
            ? throw new ArgumentException($"--connection: the product's database is needed; pass --connection or set {ModelRegistration.ConnectionVariable}.")
            : cs;
    }

    /// <summary>The product's store at <paramref name="connection"/> (and <paramref name="schema"/> when given), for the commands that read the log.</summary>
    internal static DocumentStore OpenStore(string connection, string? schema)
    {
        var options = new ActionPlaneEngineOptions { ConnectionString = connection };
        if (schema is not null)
            options.SchemaName = schema;
        // Reading the log and writing the registry needs no rollback-token key, so the store is configured without validating one.
        return DocumentStore.For(o => ActionPlaneStore.Configure(o, options));
    }

    /// <summary>
    /// What every from-log command shares: opens the product's store, takes the retraining lock the app's
    /// scheduled runs take, and runs <paramref name="retrain"/> under it. Null (after writing the error)
    /// when the lock is held or there are too few rows; the registry is then unchanged.
    /// </summary>
    internal static RetrainRun? RunUnderLock(string connection, string? schema, Func<IDocumentStore, Task<RetrainRun>> retrain, TextWriter error)
    {
        using var store = OpenStore(connection, schema);
        // The app's scheduled runs hold the same lock: two runs at once would race for the same next versions.
        var held = RetrainLock.TryAcquireAsync(store, CancellationToken.None).GetAwaiter().GetResult();
        if (held is null)
        {
            error.WriteLine("error: another retraining run (the app's scheduled one, or another person's) is in progress; try again when it has finished. The model registry is unchanged.");
            return null;
        }
        try
        {
            return retrain(store).GetAwaiter().GetResult();
        }
        catch (RetrainException e)
        {
            error.WriteLine($"error: {e.Message} The model registry is unchanged.");
            return null;
        }
        finally
        {
            held.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    internal static int Run(FromLogArgs args, TextWriter output, TextWriter error)
    {
        var run = RunUnderLock(args.Connection, args.Schema, store => new UpliftRetrainer(store, TimeProvider.System).RetrainAsync(
            new UpliftRetrainOptions { ActionTypes = args.Actions, MinRowsPerArm = args.MinRows, Seed = args.Seed, Register = args.Register }, "cli:" + Environment.UserName), error);
        if (run is null)
            return CliConsole.BadInput;

        var report = new JsonObject { ["at"] = run.At.ToString("O", CultureInfo.InvariantCulture), ["registered"] = run.Registered, ["actions"] = new JsonArray() };
        foreach (var r in run.Results)
        {
            var metrics = new JsonObject();
            foreach (var (key, value) in r.Metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                metrics[key] = CliConsole.Round(value);
            report["actions"]!.AsArray().Add(new JsonObject
            {
                ["action"] = r.ActionType, ["treated"] = r.Treated, ["control"] = r.Control, ["version"] = r.Version, ["champion"] = r.ChampionVersion,
                ["promotion_gate"] = r.Version is null ? null : r.PromotionVerdict ?? "may be promoted", ["skipped"] = r.SkippedBecause, ["metrics"] = metrics,
            });
            output.WriteLine(r.Version is null
                ? $"{r.ActionType}: skipped — {r.SkippedBecause}"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{r.ActionType}: {(r.Registered ? "registered challenger" : "trained (not registered)")} {r.Version} on {r.Treated} treated + {r.Control} control rows; Qini {Metric(r, "qini_auc")}, SNIPS retention {Metric(r, "ope_snips_challenger")} vs champion {Metric(r, "ope_snips_champion")} vs logged {Metric(r, "ope_logged_retention")}; promotion gate: {r.PromotionVerdict ?? "may be promoted"}"));
        }
        CliConsole.WriteReport(args.Report, report);
        return 0;
    }

    private static string Metric(UpliftRetrainResult r, string key) =>
        r.Metrics.TryGetValue(key, out var v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";
}
