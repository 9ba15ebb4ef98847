using System.CommandLine;

namespace ActionPlane.Cli.Policy;

/// <summary>The <c>actionplane policy</c> command group: <c>eval</c> and <c>test</c>.</summary>
internal static class PolicyCommands
{
    public static Command Create()
    {
        var policy = new Command("policy", "Evaluate and test Rego policies with the embedded interpreter");
        policy.Subcommands.Add(EvalCommand.Create());
        policy.Subcommands.Add(TestCommand.Create());
        return policy;
    }
}
