using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPlane.Cli.Train;
using ActionPlane.Engine.Decisioning.OffPolicy;
using ActionPlane.Engine.Proposals;

namespace ActionPlane.Cli.Governance;

/// <summary>Arguments of <c>actionplane ope</c>.</summary>
internal sealed record OpeArgs(string Connection, string? Schema, IReadOnlyList<string> Strategies, string? From, string? To, string? Report, string? Config = null);

/// <summary>
/// <c>actionplane ope --connection CS [--strategy no_action,logged,greedy,model:V] [--from D] [--to D] [--config F] [--report F]</c>:
/// off-policy estimates (IPS, SNIPS, DR with 95 % intervals, DR increment over doing nothing) of what each
/// strategy would have retained, from the product's own labelled decisions (<see cref="DecisionLogEvaluator"/>).
/// Read only. The greedy rule uses the arbitration settings the Web host would (<c>ActionPlane:Decisioning:*</c> from
/// <c>--config</c> and the environment, <see cref="ProductConfiguration"/>), and says which.
/// </summary>
internal static class OpeCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static Command Create()
    {
        var connection = new Option<string?>("--connection") { Description = $"PostgreSQL connection string (default: {ModelRegistration.ConnectionVariable})" };
        var schema = new Option<string?>("--schema") { Description = "Marten schema of the product's store (default: the product's)" };
        var strategy = new Option<string?>("--strategy") { Description = "Strategies, comma-separated: no_action, logged, greedy, model:<uplift version> (default: no_action,logged,greedy)" };
        var from = new Option<string?>("--from") { Description = "Decisions made from this day or time (ISO 8601; default: the whole log)" };
        var to = new Option<string?>("--to") { Description = "Decisions made before this day or time (ISO 8601, exclusive)" };
        var config = new Option<string?>("--config") { Description = "The product's appsettings-shaped JSON file; ActionPlane:Decisioning:* there (then the environment, e.g. ActionPlane__Decisioning__UncertaintyPenalty) set the greedy rule, as in the Web host" };
        var report = new Option<string?>("--report") { Description = "JSON report file" };
        var command = new Command("ope", "Off-policy evaluation: what would each strategy have retained, estimated from the product's labelled decisions");
        foreach (var option in new Option[] { connection, schema, strategy, from, to, config, report })
            command.Options.Add(option);
        command.SetAction(parse => CliConsole.Guard(Console.Error, () =>
            Run(new OpeArgs(FromLogCommand.ConnectionOf(parse, connection), parse.GetValue(schema), TrainCommands.SplitList(parse.GetValue(strategy)),
                parse.GetValue(from), parse.GetValue(to), parse.GetValue(report), parse.GetValue(config)), Console.Out)));
        return command;
    }

    internal static int Run(OpeArgs args, TextWriter output)
    {
        // Before the store is opened: a bad date names its option, not a database.
        var from = Time("--from", args.From);
        var to = Time("--to", args.To);
        if (from is not null && to is not null && to <= from)
            throw new ArgumentException("--to: must be after --from (--to is exclusive).");
        var decisioning = new DecisioningOptions();
        DecisioningConfiguration.Read(ProductConfiguration.Load(args.Config), decisioning);
        decisioning.Validate();
        using var store = FromLogCommand.OpenStore(args.Connection, args.Schema);
        OffPolicyEvaluation result;
        try
        {
            result = new DecisionLogEvaluator(store, decisioning.Arbitration).EvaluateAsync(args.Strategies, from, to).GetAwaiter().GetResult();
        }
        catch (OffPolicyInputException e)
        {
            // The engine names its parameter; the command line names the option.
            throw new ArgumentException("--" + e.Message, e);
        }

        var c = CultureInfo.InvariantCulture;
        var n = result.Counts;
        output.WriteLine(string.Create(c,
            $"decisions: {n.Usable} usable ({n.Explored} explored, {n.NoActionChosen} no action) of {n.AccountDecisions} labelled account-decisions; left out {n.Holdout} holdout, {n.PersonChoices} a CSM's own, {n.WithoutPropensity} without a usable logged choice, {n.SeveralChosen} with several actions"));
        var g = result.GreedySettings;
        output.WriteLine(string.Create(c,
            $"greedy rule: UncertaintyPenalty {g.UncertaintyPenalty}, TieTolerance {g.TieTolerance}, MinExpectedValue {g.MinExpectedValue} ({DecisioningConfiguration.SectionName}:* from {(string.IsNullOrWhiteSpace(args.Config) ? "" : $"--config {args.Config} and ")}the environment; unset keys are the product's defaults)"));
        if (result.NotEnoughBecause is { } why)
            output.WriteLine(why);
        foreach (var s in result.Strategies)
            output.WriteLine(string.Create(c,
                $"{s.Strategy}: DR {F(s.Dr)}, IPS {F(s.Ips)}, SNIPS {F(s.Snips)}; vs no_action {F(s.DrIncremental)}; ESS {s.Ips.EffectiveSampleSize:F1}, agrees with the log on {s.Agreeing}, acts on {s.Acting}{(s.Strategy.StartsWith(OffPolicyStrategy.ModelPrefix, StringComparison.Ordinal) ? $", re-scored {s.Rescored}" : "")}"));
        if (result.Holdout is { Lift: not null } h)
            output.WriteLine(string.Create(c,
                $"holdout: engine {F(h.Engine!)} on {h.Engine!.Count} decisions ({h.EngineAccounts} accounts), holdout {F(h.Holdout!)} on {h.Holdout!.Count} ({h.HoldoutAccounts} accounts); realised lift {F(h.Lift)}"));
        if (result.Baseline is { } b)
        {
            foreach (var group in b.Groups)
                output.WriteLine(string.Create(c,
                    $"baseline on {group.Group}: model predicted {group.Predicted:F3}, kept {F(group.Observed)} on {group.Decisions} decisions ({group.Accounts} accounts); gap {F(group.Gap)}"));
            if (b.DrNoActionLessHoldout is { } d)
                output.WriteLine(string.Create(c, $"DR no_action less holdout: {F(d)} (model baseline over the engine's decisions {b.EnginePredicted:F3})"));
            if (b.OffBecause is { } off)
                output.WriteLine(off);
        }
        CliConsole.WriteReport(args.Report, JsonSerializer.SerializeToNode(result, Json)!.AsObject());
        return 0;
    }

    private static DateTimeOffset? Time(string option, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new ArgumentException($"{option}: '{text}' is not a date or timestamp; use ISO 8601, e.g. 2026-09-01.");
    }

    private static string F(OffPolicyFigure f) => f.Value is { } v
        ? string.Create(CultureInfo.InvariantCulture, $"{v:F3} [{f.Lower:F3}, {f.Upper:F3}]")
        : "n/a";
}
