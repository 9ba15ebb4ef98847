using System.CommandLine;
using ActionPlane.Cli.Data;
using ActionPlane.Cli.Policy;
using ActionPlane.Cli.Train;

var root = new RootCommand("ActionPlane: policy-gated personalization actions");
root.Subcommands.Add(PolicyCommands.Create());
ActionPlane.Cli.Bench.BenchCommand.AddTo(root);
root.Subcommands.Add(DataCommands.Create());
root.Subcommands.Add(TrainCommands.Create());
root.Subcommands.Add(ActionPlane.Cli.Evaluate.EvaluateCommand.Create());
root.Subcommands.Add(ActionPlane.Cli.Governance.ExportBenchCommand.Create());
root.Subcommands.Add(ActionPlane.Cli.Simulate.SimulateCommand.Create());
root.Subcommands.Add(ActionPlane.Cli.Governance.OpeCommand.Create());
var bench = new Command("bench", "Benchmarks of product operations and models on a generated tenant");
bench.Subcommands.Add(ActionPlane.Cli.Bench.ApplyBenchCommand.Create());
bench.Subcommands.Add(ActionPlane.Cli.Scoring.ScoreBenchCommand.Create());
root.Subcommands.Add(bench);
return root.Parse(args).Invoke();
