using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPlane.Cli.Train;
using ActionPlane.Engine.ClosedLoop;
using ActionPlane.Engine.Data;
using Spectre.Console;

namespace ActionPlane.Cli.Simulate;

/// <summary>Arguments of <c>actionplane simulate</c>.</summary>
internal sealed record SimulateArgs(int Accounts, int Days, int Seed, string Strategy, string? ScenarioFile, int? Budget, string Report, string? Policies = null, string Learner = "logodds", double Lambda = 0.5, bool CeilingTrueChurn = false, bool CeilingQuadratic = false,
    int ExplorationWeeks = SimulationOptions.DefaultExplorationWeeks, double Epsilon = SimulationOptions.DefaultEpsilon, bool NoPartialCalibration = false, bool InForceRecalibrated = false, bool NoInForceCorrection = false);

/// <summary>
/// <c>actionplane simulate</c>: runs the closed loop (scores → proposals → policy gate → apply →
/// outcomes → retraining) over simulated days with one strategy, prints progress and a summary
/// table, and writes the report JSON.
/// </summary>
internal static class SimulateCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var accounts = new Option<int>("--accounts") { Description = "Accounts in the generated tenant", DefaultValueFactory = _ => 2000 };
        var days = new Option<int>("--days") { Description = "Days to simulate", DefaultValueFactory = _ => 180 };
        var seed = new Option<int>("--seed") { Description = "Seed of the world and the run", DefaultValueFactory = _ => 1 };
        var strategy = new Option<string>("--strategy") { Description = "nba | no_action | random | risk_top | oracle | ceiling (diagnostic: nba's arbitration on a fit to the true effects)", Required = true };
        var scenario = new Option<string?>("--scenario") { Description = "Scenario JSON (base_churn_shift, noise_scale, effect_heterogeneity, effect_scale, confounding)" };
        var budget = new Option<int?>("--budget") { Description = "Actions applied per week across the tenant (default: one per 40 accounts)" };
        var report = new Option<string>("--report") { Description = "Report JSON file", Required = true };
        var learner = new Option<string>("--learner") { Description = "nba's uplift model: logodds (effect on the churn model's log-odds) | DR | X | T (meta-learner ensembles)", DefaultValueFactory = _ => "logodds" };
        var lambda = new Option<double>("--lambda") { Description = "nba's uncertainty penalty λ (expected value − λ × stderr × account value)", DefaultValueFactory = _ => 0.5 };
        var ceilingTrueChurn = new Option<bool>("--ceiling-true-churn") { Description = "ceiling only: decide on the true churn probability instead of the churn model's" };
        var ceilingQuadratic = new Option<bool>("--ceiling-quadratic") { Description = "ceiling only: fit the true effects with squares and products of the effect features" };
        var explorationWeeks = new Option<int>("--exploration-weeks") { Description = "nba: weeks at the start whose whole budget explores at random", DefaultValueFactory = _ => SimulationOptions.DefaultExplorationWeeks };
        var epsilon = new Option<double>("--epsilon") { Description = "nba: share of the weekly budget explored at random afterwards", DefaultValueFactory = _ => SimulationOptions.DefaultEpsilon };
        var noPartialCalibration = new Option<bool>("--no-partial-calibration") { Description = "nba: calibrate on closed 90-day outcome windows only (session 4)" };
        var inForceRecalibrated = new Option<bool>("--inforce-recalibrated") { Description = "nba: discount its own earlier actions still in force with today's calibration factor of their type" };
        var noInForceCorrection = new Option<bool>("--no-inforce-correction") { Description = "nba: decide on the churn model's risk as it is, without subtracting its own earlier actions still in force" };
        var policies = new Option<string?>("--policies") { Description = "Policy bundle directory (default: the bundle shipped with the tool)" };
        var command = new Command("simulate", "Run the closed decision loop over simulated days and report retention, cost, policy and OPE figures");
        foreach (var option in new Option[] { accounts, days, seed, strategy, scenario, budget, report, policies, learner, lambda, ceilingTrueChurn, ceilingQuadratic, explorationWeeks, epsilon, noPartialCalibration, inForceRecalibrated, noInForceCorrection })
            command.Options.Add(option);
        command.SetAction(parse => Run(new SimulateArgs(parse.GetValue(accounts), parse.GetValue(days), parse.GetValue(seed), parse.GetValue(strategy)!,
            parse.GetValue(scenario), parse.GetValue(budget), parse.GetValue(report)!, parse.GetValue(policies), parse.GetValue(learner)!, parse.GetValue(lambda),
            parse.GetValue(ceilingTrueChurn), parse.GetValue(ceilingQuadratic), parse.GetValue(explorationWeeks), parse.GetValue(epsilon),
            parse.GetValue(noPartialCalibration), parse.GetValue(inForceRecalibrated), parse.GetValue(noInForceCorrection)), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(SimulateArgs args, TextWriter output, TextWriter error) => CliConsole.Guard(error, () =>
    {
        if (!SimulationStrategies.TryParse(args.Strategy, out var strategy))
            throw new ArgumentException($"--strategy: '{args.Strategy}' is not one of {string.Join(", ", SimulationStrategies.Names)}.");
        if (args.ScenarioFile is not null && !File.Exists(args.ScenarioFile))
            throw new ArgumentException($"--scenario: file '{args.ScenarioFile}' does not exist.");
        ActionPlane.Engine.Uplift.UpliftLearner? learner = null;
        if (args.Learner != "logodds")
            learner = Enum.TryParse<ActionPlane.Engine.Uplift.UpliftLearner>(args.Learner, ignoreCase: false, out var meta) && Enum.IsDefined(meta)
                ? meta : throw new ArgumentException($"--learner: '{args.Learner}' is not one of logodds, DR, X, T.");
        var options = new SimulationOptions
        {
            Accounts = args.Accounts,
            Days = args.Days,
            Seed = args.Seed,
            Strategy = strategy,
            Scenario = args.ScenarioFile is null ? Scenario.Default : Scenario.Load(args.ScenarioFile),
            WeeklyBudget = args.Budget,
            UpliftLearner = learner,
            UncertaintyPenalty = double.IsFinite(args.Lambda) && args.Lambda >= 0 ? args.Lambda : throw new ArgumentException($"--lambda must be 0 or more; got {args.Lambda}."),
            ExplorationWeeks = args.ExplorationWeeks,
            Epsilon = args.Epsilon,
            CalibratePartialWindows = !args.NoPartialCalibration,
            InForceRecalibrated = args.InForceRecalibrated,
            InForceCorrection = !args.NoInForceCorrection,
            CeilingTrueChurn = args.CeilingTrueChurn,
            CeilingQuadratic = args.CeilingQuadratic,
            PoliciesDirectory = args.Policies ?? Path.Combine(AppContext.BaseDirectory, "policies"),
        }.Validate();

        var result = ClosedLoopSimulator.Run(options, line => output.WriteLine(line));
        var json = JsonSerializer.SerializeToNode(result, Indented)!.AsObject();
        CliConsole.WriteReport(args.Report, json);
        Print(output, result);
        return 0;
    });

    private static void Print(TextWriter output, SimulationReport r)
    {
        var table = new Table().Title($"simulate {r.Strategy}: {r.Accounts} accounts, {r.Days} days, seed {r.Seed}, budget {r.WeeklyBudget}/week")
            .AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        void Row(string name, string value) => table.AddRow(name, Markup.Escape(value));
        var c = CultureInfo.InvariantCulture;
        Row("retained", r.Retained.ToString(c));
        Row("churned", r.Churned.ToString(c));
        Row("churned_mrr", r.ChurnedMrr.ToString("N0", c));
        Row("actions_applied", r.ActionsApplied.ToString(c));
        Row("actions_undone", r.ActionsUndone.ToString(c));
        Row("policy_denials", r.PolicyDenials.ToString(c));
        Row("suggest_only", r.SuggestOnly.ToString(c));
        Row("cost", r.Cost.ToString("N0", c));
        Row("cost_per_successful_action", r.CostPerSuccessfulAction?.ToString("N2", c) ?? "n/a");
        Row("json_validity", r.JsonValidity.ToString("0.0000", c));
        Row("policy_violations", r.PolicyViolations.ToString(c));
        if (r.Ope is { } ope)
        {
            Row("ope_dr (95% CI)", $"{ope.Dr.Value:0.0000} [{ope.Dr.Lower:0.0000}, {ope.Dr.Upper:0.0000}]");
            Row("ope_ips (95% CI)", $"{ope.Ips.Value:0.0000} [{ope.Ips.Lower:0.0000}, {ope.Ips.Upper:0.0000}]");
            Row("realised", ope.Realised.ToString("0.0000", c));
            Row("ope_dr_relative_error", ope.DrRelativeError.ToString("0.0000", c));
        }
        Row("seconds", r.Seconds.ToString("0.0", c));
        CliConsole.For(output).Write(table);
    }
}
