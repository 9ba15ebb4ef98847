using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Ranking;

namespace ActionPlane.Cli.Train;

/// <summary>Arguments of <c>actionplane train rank</c>.</summary>
internal sealed record RankArgs(string Train, string TrainGroups, string Test, string TestGroups, string? Report = null, RankingOptions? Options = null,
    RegisterTarget? Register = null);

/// <summary>
/// <c>actionplane train rank</c>: LightGBM LambdaRank on LETOR/libsvm files with <c>.query</c> group
/// files, reporting NDCG@1/3/5/10 on the test file as LightGBM computes them.
/// </summary>
internal static class RankCommand
{
    public static Command Create()
    {
        var train = new Option<string>("--train") { Description = "Training rows (label idx:value …)", Required = true };
        var trainGroups = new Option<string>("--train-groups") { Description = "Training group sizes, one per line", Required = true };
        var test = new Option<string>("--test") { Description = "Test rows", Required = true };
        var testGroups = new Option<string>("--test-groups") { Description = "Test group sizes", Required = true };
        var report = new Option<string?>("--report") { Description = "JSON report file" };
        var trees = new Option<int>("--trees") { Description = "Boosting rounds", DefaultValueFactory = _ => new RankingOptions().Trees };
        var command = new Command("rank", "Train and evaluate a LambdaRank model on LETOR files");
        foreach (var option in new Option[] { train, trainGroups, test, testGroups, report, trees })
            command.Options.Add(option);
        var register = ModelRegistration.AddTo(command);
        command.SetAction(parse => CliConsole.Guard(Console.Error, () => Run(new RankArgs(parse.GetValue(train)!, parse.GetValue(trainGroups)!, parse.GetValue(test)!, parse.GetValue(testGroups)!,
            parse.GetValue(report), new RankingOptions { Trees = Math.Max(1, parse.GetValue(trees)) }, register(parse)), Console.Out, Console.Error)));
        return command;
    }

    internal static int Run(RankArgs args, TextWriter output, TextWriter error) => CliConsole.Guard(error, () =>
    {
        var clock = Stopwatch.StartNew();
        var train = LetorData.Read(args.Train, args.TrainGroups);
        var test = LetorData.Read(args.Test, args.TestGroups);
        // Features the training file never mentions cannot matter to the model; the width follows training.
        var width = train.MaxIndex + 1;
        var model = LambdaRanker.Train(train, width, args.Options ?? new RankingOptions());
        var scores = model.PredictMany(test.Dense(width));
        var report = new JsonObject();
        foreach (var k in new[] { 1, 3, 5, 10 })
            report[$"ndcg@{k}"] = CliConsole.Round(Ndcg.At(k, test.Labels, scores, test.Groups));
        report["n_train_rows"] = train.Labels.Count;
        report["n_train_queries"] = train.Groups.Count;
        report["n_test_rows"] = test.Labels.Count;
        report["n_test_queries"] = test.Groups.Count;
        report["n_features"] = width;
        report["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
        if (args.Register is { } target)
            report["registered_version"] = ModelRegistration.Register(target, "csv/rank", args.Train, [.. Enumerable.Range(0, width).Select(i => $"f{i}")], train.Labels.Count,
                new Dictionary<string, double> { ["ndcg@1"] = Ndcg.At(1, test.Labels, scores, test.Groups), ["ndcg@3"] = Ndcg.At(3, test.Labels, scores, test.Groups) },
                $"LambdaRank on {Path.GetFileName(args.Train)}, NDCG on {Path.GetFileName(args.Test)}.",
                _ => ModelRegistration.TreesBytes("ActionPlane.CsvRankModel/1", [.. Enumerable.Range(0, width).Select(i => $"f{i}")], model));
        CliConsole.WriteReport(args.Report, report);
        CliConsole.PrintMetrics(output, $"LambdaRank on {Path.GetFileName(args.Train)} → {Path.GetFileName(args.Test)}", report);
        return 0;
    });
}
