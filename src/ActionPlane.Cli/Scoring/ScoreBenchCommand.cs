using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ActionPlane.Cli.Train;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Models;

namespace ActionPlane.Cli.Scoring;

/// <summary>Arguments of <c>actionplane bench score</c>.</summary>
internal sealed record ScoreBenchArgs(int Accounts = 100_000, int TrainingAccounts = 2000, int Single = 5000, int Seed = 42, bool TrainChurn = false, string? Report = null);

/// <summary>
/// <c>actionplane bench score --accounts N</c>: generates a tenant, trains the demo's models (churn,
/// an uplift model per action type, the action ranker) on a synthetic cohort, then measures batch
/// scoring throughput (churn + uplift of every action + rank scores), single-account latency, and
/// with <c>--train-churn</c> the time to train the churn model on all N accounts.
/// </summary>
internal static class ScoreBenchCommand
{
    public static Command Create()
    {
        var accounts = new Option<int>("--accounts") { Description = "Accounts to score", DefaultValueFactory = _ => 100_000 };
        var training = new Option<int>("--training-accounts") { Description = "Cohort the models are trained on", DefaultValueFactory = _ => 2000 };
        var single = new Option<int>("--single") { Description = "Single-account scorings timed for the latency percentiles", DefaultValueFactory = _ => 5000 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 42 };
        var trainChurn = new Option<bool>("--train-churn") { Description = "Also time training the churn model on all accounts" };
        var report = new Option<string?>("--report") { Description = "JSON report file" };
        var command = new Command("score", "Benchmark batch and single-account scoring (churn, uplift per action, rank)");
        foreach (var option in new Option[] { accounts, training, single, seed, trainChurn, report })
            command.Options.Add(option);
        command.SetAction(parse => Run(new ScoreBenchArgs(parse.GetValue(accounts), parse.GetValue(training), parse.GetValue(single), parse.GetValue(seed),
            parse.GetValue(trainChurn), parse.GetValue(report)), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(ScoreBenchArgs args, TextWriter output, TextWriter error) => CliConsole.Guard(error, () =>
    {
        if (args.Accounts is < 1 or > 1_000_000)
            throw new ArgumentException($"--accounts must be between 1 and 1,000,000; got {args.Accounts}.");
        if (args.Single < 1)
            throw new ArgumentException($"--single must be positive; got {args.Single}.");
        var asOf = new DateOnly(2026, 11, 23);
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        var report = new JsonObject { ["accounts"] = args.Accounts, ["training_accounts"] = args.TrainingAccounts };

        output.WriteLine($"Generating {args.Accounts} accounts…");
        var tenant = new TenantGenerator(args.Seed).Generate(args.Accounts, asOf);
        var signals = tenant.SignalsByAccount();
        var clock = Stopwatch.StartNew();
        var snapshots = tenant.Accounts.Select(a => FeatureBuilder.Build(a, signals[a.Id], asOf)).ToList();
        report["features_accounts_per_s"] = Math.Round(args.Accounts / clock.Elapsed.TotalSeconds);

        output.WriteLine($"Training models on a cohort of {args.TrainingAccounts} accounts…");
        clock.Restart();
        var models = TrainModels(args, asOf, day);
        report["model_training_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1);

        // Warm-up (JIT tiering), then batch scoring in the chunks BatchScorer stores.
        BatchScorer.Score(models, snapshots.Take(Math.Min(2000, snapshots.Count)).ToList(), DateTimeOffset.UtcNow);
        var bar = TextProgressBar.Lines("Scoring accounts", snapshots.Count, output.WriteLine);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        for (var start = 0; start < snapshots.Count; start += BatchScorer.ChunkSize)
        {
            BatchScorer.Score(models, snapshots.GetRange(start, Math.Min(BatchScorer.ChunkSize, snapshots.Count - start)), DateTimeOffset.UtcNow);
            bar.Report(Math.Min(start + BatchScorer.ChunkSize, snapshots.Count));
        }
        var batchSeconds = clock.Elapsed.TotalSeconds;
        report["batch_accounts_per_s"] = Math.Round(args.Accounts / batchSeconds);
        report["batch_seconds"] = Math.Round(batchSeconds, 2);
        // CPU time is the figure that survives a busy machine: accounts/s on C idle cores ≈ C / CPU-seconds per account.
        report["batch_cpu_us_per_account"] = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / args.Accounts, 1);
        report["batch_bytes_per_account"] = Math.Round((GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)args.Accounts);
        foreach (var (name, micros) in ComponentCpu(models, snapshots))
            report[$"cpu_us_per_account_{name}"] = Math.Round(micros, 1);

        var latencies = new double[args.Single];
        var ticksToMicroseconds = 1e6 / Stopwatch.Frequency;
        for (var i = 0; i < latencies.Length; i++)
        {
            var one = snapshots[i % snapshots.Count];
            var start = Stopwatch.GetTimestamp();
            BatchScorer.Score(models, [one], DateTimeOffset.UtcNow);
            latencies[i] = (Stopwatch.GetTimestamp() - start) * ticksToMicroseconds;
        }
        Array.Sort(latencies);
        report["single_p50_us"] = Math.Round(Percentile(latencies, 0.50), 1);
        report["single_p99_us"] = Math.Round(Percentile(latencies, 0.99), 1);
        report["single_max_us"] = Math.Round(latencies[^1], 1);

        if (args.TrainChurn)
        {
            output.WriteLine($"Training the churn model on {args.Accounts} accounts…");
            var examples = snapshots.Select(s => new ChurnExample(s, tenant.Truth[s.AccountId].Churned)).ToList();
            clock.Restart();
            var churn = ChurnModel.Train(examples, new ChurnTrainingOptions { Version = new ModelVersion(ChurnModelCard.Kind, day, 2), Seed = args.Seed });
            report["train_churn_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
            report["train_churn_roc_auc"] = CliConsole.Round(churn.Metrics.RocAuc);
        }
        report["uplift_models"] = models.Uplift.Count;
        report["uplift_learners"] = string.Join(',', models.Uplift.Select(u => $"{u.ActionType}:{u.Learner}"));
        if (models.CompiledUplift is { } plan)
            report["uplift_trees_folded_masked_walked"] = $"{plan.TreeCounts.Folded}/{plan.TreeCounts.Masked}/{plan.TreeCounts.Walked}";
        report["processors"] = Environment.ProcessorCount;

        CliConsole.WriteReport(args.Report, report);
        CliConsole.PrintMetrics(output, $"bench score: {args.Accounts} accounts, churn + {models.Uplift.Count} uplift models + rank", report);
        return 0;
    });

    private static ScoringModels TrainModels(ScoreBenchArgs args, DateOnly asOf, DateOnly day)
    {
        var cohort = new TenantGenerator(unchecked(args.Seed * 7919 + 1)).Generate(args.TrainingAccounts, asOf.AddDays(-90));
        var churn = ChurnModel.Train(cohort.ToChurnExamples(), new ChurnTrainingOptions { Version = new ModelVersion(ChurnModelCard.Kind, day, 1), Seed = args.Seed });
        var datasets = new SyntheticDatasets(cohort, Scenario.Default);
        var uplift = SyntheticModels.ActionTypes
            .Select(a => SyntheticModels.TrainUplift(datasets, a, new ModelVersion(Engine.Uplift.UpliftModelCard.KindOf(a), day, 1), args.Seed).Model)
            .ToList();
        var ranking = SyntheticModels.TrainRanking(datasets, new ModelVersion(Engine.Ranking.ActionRankingModel.Kind, day, 1), args.Seed).Model;
        return new ScoringModels(churn, uplift, ranking);
    }

    /// <summary>Single-threaded CPU microseconds per account of each model family, on up to 5,000 accounts.</summary>
    private static IEnumerable<(string Name, double Micros)> ComponentCpu(ScoringModels models, List<FeatureSnapshot> snapshots)
    {
        var sample = snapshots.Take(5000).ToList();
        var vectors = sample.Select(FeatureBuilder.ToVector).ToList();
        var buffer = new double[models.Ranking?.ActionTypes.Count ?? 0];
        double Cpu(Action<int> score)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < sample.Count; i++)
                score(i);
            return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / sample.Count;
        }
        yield return ("churn", Cpu(i => models.Churn.Predict(sample[i], BatchScorer.DriversPerScore)));
        if (models.CompiledUplift is { } compiled)
        {
            var scratch = compiled.NewScratch();
            var estimates = new UpliftEstimate[compiled.Count];
            yield return ("uplift_all_actions", Cpu(i => compiled.Predict(vectors[i], estimates, scratch)));
        }
        // The reference: each model's members one by one (what the compiled form must equal).
        yield return ("uplift_all_actions_per_model", Cpu(i => { foreach (var m in models.Uplift) m.Predict(vectors[i]); }));
        if (models.CompiledRanking is { } compiledRanking)
        {
            var scratch = compiledRanking.NewScratch();
            yield return ("rank", Cpu(i => compiledRanking.Score(vectors[i], buffer, scratch)));
        }
        if (models.Ranking is { } ranking)
            yield return ("rank_tree_walk", Cpu(i => ranking.Score(vectors[i], buffer)));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
