using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ActionPlane.Cli.Train;
using ActionPlane.Engine.Tabular;
using ActionPlane.Engine.Uplift;
using Spectre.Console;

namespace ActionPlane.Cli.Evaluate;

/// <summary>
/// <c>actionplane evaluate</c>: issue 4's model-quality verdict on generator data, averaged over
/// several generator seeds so one lucky or unlucky split does not decide it. Prints, per metric,
/// mean ± sample standard deviation over seeds and whether the target is met.
/// </summary>
internal static class EvaluateCommand
{
    /// <summary>Issue 4's targets.</summary>
    public const double MaxChurnGap = 0.02, MaxEce = 0.03, MinQiniRatio = 0.8;

    public static Command Create()
    {
        var accounts = new Option<int>("--accounts") { Description = "Accounts per generated tenant", DefaultValueFactory = _ => 20_000 };
        var seeds = new Option<int>("--seeds") { Description = "Generator seeds to average over", DefaultValueFactory = _ => 3 };
        var firstSeed = new Option<int>("--first-seed") { Description = "First generator seed (then +1, +2, …)", DefaultValueFactory = _ => 1 };
        var churnFolds = new Option<int>("--churn-folds") { Description = "Churn cross-validation folds", DefaultValueFactory = _ => 5 };
        var upliftFolds = new Option<int>("--uplift-folds") { Description = "Uplift cross-fitting folds (5 = each model sees 80 % of the rows, 5-fold cross-validation of the learner; 2 = half, like train uplift --test-fraction 0.5)", DefaultValueFactory = _ => new EvaluationSettings().UpliftFolds };
        var learners = new Option<string?>("--learners") { Description = "Uplift learners to choose from, comma-separated (default: the product's choice among all)" };
        var members = new Option<int>("--members") { Description = "Uplift ensemble members", DefaultValueFactory = _ => UpliftTrainer.DefaultMembers };
        var actions = new Option<string?>("--actions") { Description = "Action types, comma-separated (default: all)" };
        var skipChurn = new Option<bool>("--skip-churn") { Description = "Evaluate uplift only" };
        var scenario = new Option<string?>("--scenario") { Description = "Scenario JSON file for the generator" };
        var report = new Option<string?>("--report") { Description = "JSON report file" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Keep the generated tenants here (ACCOUNTS-seed-N folders) and reuse them on the next run" };
        var effectTrees = new Option<int?>("--effect-trees") { Description = "Uplift effect models: trees (default: the product's)" };
        var effectLeaves = new Option<int?>("--effect-leaves") { Description = "Uplift effect models: leaves per tree" };
        var effectMinLeaf = new Option<int?>("--effect-min-leaf") { Description = "Uplift effect models: minimum rows per leaf" };
        var effectRate = new Option<double?>("--effect-learning-rate") { Description = "Uplift effect models: learning rate" };
        var outcomeTrees = new Option<int?>("--outcome-trees") { Description = "Uplift outcome models: trees" };
        var crossFitFolds = new Option<int?>("--cross-fit-folds") { Description = "DR learners: folds of their internal cross-fitting of the outcome models" };
        var effectTreeChoices = new Option<string?>("--effect-tree-choices") { Description = "Log-odds DR learner: effect stump counts to choose from by cross-validation on each training fold, comma-separated (e.g. 0,20,40,80,160)" };
        var ownBaseline = new Option<bool>("--own-baseline") { Description = "Log-odds DR learner: fit the control model on the action's own control rows only, instead of the tenant's pooled untreated outcomes (churn labels and other actions' control rows of the training fold's accounts)" };
        var command = new Command("evaluate", "Model quality on generated tenants over several seeds: churn AUC vs oracle, ECE, uplift Qini vs oracle and vs churn-risk order");
        foreach (var option in new Option[] { accounts, seeds, firstSeed, churnFolds, upliftFolds, learners, members, actions, skipChurn, scenario, report, dataDir, effectTrees, effectLeaves, effectMinLeaf, effectRate, outcomeTrees, crossFitFolds, ownBaseline, effectTreeChoices })
            command.Options.Add(option);
        command.SetAction(parse => Run(new EvaluationSettings(parse.GetValue(accounts), parse.GetValue(seeds), parse.GetValue(firstSeed), parse.GetValue(churnFolds),
                parse.GetValue(upliftFolds), TrainCommands.Learners(parse.GetValue(learners)), parse.GetValue(members), TrainCommands.SplitList(parse.GetValue(actions)),
                parse.GetValue(scenario), LearnerOptions(parse.GetValue(effectTrees), parse.GetValue(effectLeaves), parse.GetValue(effectMinLeaf), parse.GetValue(effectRate), parse.GetValue(outcomeTrees), parse.GetValue(crossFitFolds),
                    parse.GetValue(effectTreeChoices)),
                parse.GetValue(dataDir), !parse.GetValue(ownBaseline)), parse.GetValue(skipChurn), parse.GetValue(report), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(EvaluationSettings settings, bool skipChurn, string? reportPath, TextWriter output, TextWriter error) => CliConsole.Guard(error, () =>
    {
        if (settings.Seeds < 1)
            throw new ArgumentException($"--seeds must be at least 1; got {settings.Seeds}.");
        if (settings.UpliftFolds < 2)
            throw new ArgumentException($"--uplift-folds must be at least 2; got {settings.UpliftFolds}.");
        if (settings.LearnerOptions is { CrossFitFolds: < 2 } o)
            throw new ArgumentException($"--cross-fit-folds must be at least 2; got {o.CrossFitFolds}.");
        var actions = GeneratorEvaluation.Actions(settings.Actions);
        var clock = Stopwatch.StartNew();
        var churn = new List<ChurnQuality>();
        var uplift = new List<UpliftQuality>();
        for (var s = 0; s < settings.Seeds; s++)
        {
            var seed = settings.FirstSeed + s;
            var dir = settings.DataDir is null ? Directory.CreateTempSubdirectory("ap-evaluate-").FullName : Path.Combine(settings.DataDir, $"{settings.Accounts}-seed-{seed}");
            try
            {
                GeneratorEvaluation.Generate(dir, seed, settings);
                var churnTable = CsvTable.Read(Path.Combine(dir, "churn.csv"));
                var risk = BinaryColumn.ReadNumbers(churnTable, "true_churn_probability", "--oracle-column");
                var pool = settings.PooledBaseline ? BaselinePool.Read(dir, churnTable, GeneratorEvaluation.Actions(null)) : null;
                if (!skipChurn)
                {
                    churn.Add(GeneratorEvaluation.EvaluateChurn(dir, seed, settings.ChurnFolds));
                    output.WriteLine(FormattableString.Invariant($"seed {seed}: churn roc_auc {churn[^1].RocAuc:0.0000} oracle {churn[^1].OracleRocAuc:0.0000} ece {churn[^1].Ece:0.0000} ({clock.Elapsed.TotalSeconds:0} s)"));
                }
                foreach (var action in actions)
                {
                    var q = GeneratorEvaluation.EvaluateUplift(dir, seed, action, risk, settings, pool);
                    uplift.Add(q);
                    output.WriteLine(FormattableString.Invariant($"seed {seed}: {action} qini {q.Qini:0.0000} oracle {q.OracleQini:0.0000} ratio {q.Ratio:0.00} expected {q.ExpectedRatio:0.00} (risk {q.RiskExpectedRatio:0.00}) ceiling {q.CeilingRatio:0.00} risk {q.RiskQini:0.0000} [{q.Learners}] ({clock.Elapsed.TotalSeconds:0} s)"));
                }
            }
            finally
            {
                if (settings.DataDir is null)
                    Directory.Delete(dir, recursive: true);
            }
        }
        var report = Report(settings, churn, uplift, clock.Elapsed.TotalSeconds);
        Print(output, churn, uplift, settings);
        CliConsole.WriteReport(reportPath, report);
        return 0;
    });

    /// <summary>The product's learner settings with any overrides given on the command line.</summary>
    private static UpliftLearnerOptions? LearnerOptions(int? effectTrees, int? effectLeaves, int? effectMinLeaf, double? effectRate, int? outcomeTrees, int? crossFitFolds,
        string? effectTreeChoices)
    {
        if (effectTrees is null && effectLeaves is null && effectMinLeaf is null && effectRate is null && outcomeTrees is null && crossFitFolds is null && effectTreeChoices is null)
            return null;
        var d = UpliftLearnerOptions.Default;
        return d with
        {
            Effect = d.Effect with
            {
                Trees = effectTrees ?? d.Effect.Trees,
                Leaves = effectLeaves ?? d.Effect.Leaves,
                MinExamplesPerLeaf = effectMinLeaf ?? d.Effect.MinExamplesPerLeaf,
                LearningRate = effectRate ?? d.Effect.LearningRate,
            },
            Outcome = d.Outcome with { Trees = outcomeTrees ?? d.Outcome.Trees },
            CrossFitFolds = crossFitFolds ?? d.CrossFitFolds,
            EffectTreeChoices = effectTreeChoices is null ? d.EffectTreeChoices
                : TrainCommands.SplitList(effectTreeChoices)!.Select(c => int.TryParse(c, out var n) && n >= 0 ? n
                    : throw new ArgumentException($"--effect-tree-choices: '{c}' is not a count of trees.")).ToList(),
        };
    }

    private static void Print(TextWriter output, List<ChurnQuality> churn, List<UpliftQuality> uplift, EvaluationSettings settings)
    {
        var console = CliConsole.For(output);
        if (churn.Count > 0)
        {
            var gap = Stats(churn.Select(c => c.Gap));
            var ece = Stats(churn.Select(c => c.Ece));
            var table = new Table().Title($"churn, {settings.Accounts} accounts, {churn.Count} seeds, {settings.ChurnFolds}-fold CV (mean ± sd)")
                .AddColumn("roc_auc").AddColumn("oracle_roc_auc").AddColumn("gap (≤ 0.02)").AddColumn("ece (≤ 0.03)").AddColumn("met");
            table.AddRow(Show(Stats(churn.Select(c => c.RocAuc))), Show(Stats(churn.Select(c => c.OracleRocAuc))), Show(gap), Show(ece),
                churn.All(c => c.Gap <= MaxChurnGap && c.Ece <= MaxEce) ? "yes, every seed" : gap.Mean <= MaxChurnGap && ece.Mean <= MaxEce ? "on average" : "no");
            console.Write(table);
        }
        var upliftTable = new Table().Title($"uplift, {settings.Accounts} accounts, {uplift.Select(u => u.Seed).Distinct().Count()} seeds, {settings.UpliftFolds}-fold cross-fitted (mean ± sd)")
            .AddColumn("action").AddColumn("qini").AddColumn("oracle qini").AddColumn("ratio (≥ 0.8)").AddColumn("expected ratio").AddColumn("ceiling ratio").AddColumn("churn-risk qini").AddColumn("beats risk").AddColumn("learners");
        foreach (var group in uplift.GroupBy(u => u.Action))
        {
            var ratio = Stats(group.Select(u => u.Ratio));
            upliftTable.AddRow(group.Key, Show(Stats(group.Select(u => u.Qini))), Show(Stats(group.Select(u => u.OracleQini))),
                $"{Show(ratio)} {(ratio.Mean >= MinQiniRatio ? "met" : "not met")}", Show(Stats(group.Select(u => u.ExpectedRatio))), Show(Stats(group.Select(u => u.CeilingRatio))), Show(Stats(group.Select(u => u.RiskQini))),
                $"{group.Count(u => u.BeatsRisk)}/{group.Count()}", string.Join(' ', group.Select(u => u.Learners)));
        }
        console.Write(upliftTable);
    }

    private static JsonObject Report(EvaluationSettings settings, List<ChurnQuality> churn, List<UpliftQuality> uplift, double seconds)
    {
        var perAction = new JsonObject();
        foreach (var group in uplift.GroupBy(u => u.Action))
        {
            var ratio = Stats(group.Select(u => u.Ratio));
            perAction[group.Key] = new JsonObject
            {
                ["qini_auc_mean"] = CliConsole.Round(group.Average(u => u.Qini)),
                ["oracle_qini_auc_mean"] = CliConsole.Round(group.Average(u => u.OracleQini)),
                ["ratio_mean"] = CliConsole.Round(ratio.Mean),
                ["ratio_sd"] = CliConsole.Round(ratio.Sd),
                ["ceiling_ratio_mean"] = CliConsole.Round(group.Average(u => u.CeilingRatio)),
                ["expected_ratio_mean"] = CliConsole.Round(group.Average(u => u.ExpectedRatio)),
                ["churn_risk_expected_ratio_mean"] = CliConsole.Round(group.Average(u => u.RiskExpectedRatio)),
                ["churn_risk_qini_auc_mean"] = CliConsole.Round(group.Average(u => u.RiskQini)),
                ["beats_churn_risk"] = group.Count(u => u.BeatsRisk),
                ["per_seed"] = new JsonArray([.. group.Select(u => (JsonNode)new JsonObject
                {
                    ["seed"] = u.Seed, ["qini_auc"] = CliConsole.Round(u.Qini), ["oracle_qini_auc"] = CliConsole.Round(u.OracleQini),
                    ["churn_risk_qini_auc"] = CliConsole.Round(u.RiskQini), ["ceiling_qini_auc"] = CliConsole.Round(u.CeilingQini), ["learners"] = u.Learners,
                    ["expected_ratio"] = CliConsole.Round(u.ExpectedRatio), ["churn_risk_expected_ratio"] = CliConsole.Round(u.RiskExpectedRatio),
                })]),
            };
        }
        var report = new JsonObject
        {
            ["accounts"] = settings.Accounts,
            ["seeds"] = new JsonArray([.. Enumerable.Range(settings.FirstSeed, settings.Seeds).Select(s => (JsonNode)s)]),
            ["uplift_folds"] = settings.UpliftFolds,
            ["members"] = settings.Members,
            ["uplift"] = perAction,
            ["seconds"] = Math.Round(seconds, 1),
        };
        if (churn.Count > 0)
        {
            report["churn"] = new JsonObject
            {
                ["roc_auc_mean"] = CliConsole.Round(churn.Average(c => c.RocAuc)),
                ["oracle_roc_auc_mean"] = CliConsole.Round(churn.Average(c => c.OracleRocAuc)),
                ["gap_mean"] = CliConsole.Round(churn.Average(c => c.Gap)),
                ["gap_max"] = CliConsole.Round(churn.Max(c => c.Gap)),
                ["ece_mean"] = CliConsole.Round(churn.Average(c => c.Ece)),
                ["ece_max"] = CliConsole.Round(churn.Max(c => c.Ece)),
            };
        }
        return report;
    }

    private static (double Mean, double Sd) Stats(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        var sd = list.Count > 1 ? Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)) : double.NaN;
        return (mean, sd);
    }

    private static string Show((double Mean, double Sd) s) =>
        double.IsNaN(s.Sd) ? s.Mean.ToString("0.0000", CultureInfo.InvariantCulture) : FormattableString.Invariant($"{s.Mean:0.0000} ± {s.Sd:0.0000}");
}
