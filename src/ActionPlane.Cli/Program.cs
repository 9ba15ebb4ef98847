using System.CommandLine;
using ActionPlane.Cli.Policy;

var root = new RootCommand("ActionPlane: policy-gated personalization actions");
root.Subcommands.Add(PolicyCommands.Create());
return root.Parse(args).Invoke();
