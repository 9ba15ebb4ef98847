using System.CommandLine;
using ActionPlane.Cli.Data;
using ActionPlane.Cli.Policy;
using ActionPlane.Cli.Train;

var root = new RootCommand("ActionPlane: policy-gated personalization actions");
root.Subcommands.Add(PolicyCommands.Create());
ActionPlane.Cli.Bench.BenchCommand.AddTo(root);
ActionPlane.Cli.Bench.ApplyBenchCommand.AddTo(root);
root.Subcommands.Add(DataCommands.Create());
root.Subcommands.Add(TrainCommands.Create());
root.Subcommands.Add(ActionPlane.Cli.Governance.ExportBenchCommand.Create());
root.Subcommands.Add(ActionPlane.Cli.Simulate.SimulateCommand.Create());
root.Subcommands.Add(ActionPlane.Cli.Scoring.ScoreBenchCommand.CreateGroup());
return root.Parse(args).Invoke();
