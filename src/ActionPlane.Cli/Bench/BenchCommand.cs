using System.CommandLine;
using System.Text.Json;
using ActionPlane.Policies;

namespace ActionPlane.Cli.Bench;

/// <summary>
/// <c>actionplane policy bench [--format json] --data … --input FILE [--count N] QUERY</c>: measures
/// evaluation latency and allocations like <c>opa bench</c>.
/// </summary>
internal static class BenchCommand
{
    /// <summary>Adds <c>bench</c> under the root's <c>policy</c> command (created by the Policy feature).</summary>
    public static void AddTo(RootCommand root)
    {
        var policy = root.Subcommands.FirstOrDefault(c => c.Name == "policy")
            ?? throw new InvalidOperationException("register the policy command before bench");
        policy.Subcommands.Add(Create());
    }

    public static Command Create()
    {
        var format = new Option<string>("--format", "-f") { Description = "Output format: pretty or json", DefaultValueFactory = _ => "pretty" };
        var data = new Option<string[]>("--data", "-d") { Description = "Rego file, JSON data file or bundle folder (repeatable)" };
        var input = new Option<string?>("--input", "-i") { Description = "JSON input document" };
        var count = new Option<int>("--count") { Description = "Timed evaluations", DefaultValueFactory = _ => 10_000 };
        var warmup = new Option<int>("--warmup-ms") { Description = "Warm-up time before measuring (JIT tiering)", DefaultValueFactory = _ => 1_000 };
        var engine = new Option<bool>("--engine") { Description = "Measure the public IPolicyEngine API (JSON in and out, decision built) instead of the prepared query" };
        var query = new Argument<string>("query") { Description = "Rego query, e.g. data.actionplane.gate.decision" };
        var command = new Command("bench", "Benchmark a Rego query like opa bench");
        command.Options.Add(format);
        command.Options.Add(data);
        command.Options.Add(input);
        command.Options.Add(count);
        command.Options.Add(warmup);
        command.Options.Add(engine);
        command.Arguments.Add(query);
        command.SetAction(parse => Run(
            parse.GetValue(data) ?? [], parse.GetValue(input), parse.GetValue(query)!, parse.GetValue(count),
            parse.GetValue(warmup), parse.GetValue(engine), parse.GetValue(format)!, Console.Out, Console.Error));
        return command;
    }

    internal static int Run(IReadOnlyList<string> data, string? input, string query, int count, int warmupMs, bool throughEngine,
        string format, TextWriter output, TextWriter error)
    {
        if (format is not ("pretty" or "json"))
        {
            error.WriteLine($"--format: expected pretty or json, got '{format}'");
            return 2;
        }

        if (count < 1)
        {
            error.WriteLine($"--count: must be at least 1, got {count}");
            return 2;
        }

        if (warmupMs < 0)
        {
            error.WriteLine($"--warmup-ms: must not be negative, got {warmupMs}");
            return 2;
        }

        try
        {
            var target = BenchTarget.Create(data, input, query, throughEngine);
            var result = BenchRunner.Run(target, query.Trim(), count, TimeSpan.FromMilliseconds(warmupMs));
            output.WriteLine(format == "json" ? result.ToJson() : result.ToTable());
            return 0;
        }
        catch (ArgumentException e)
        {
            error.WriteLine(e.Message.Split(" (Parameter", 2)[0]);
            return 2;
        }
        catch (PolicyLoadException e)
        {
            error.WriteLine(e.Message);
            return 2;
        }
        catch (Exception e) when (e is PolicyEvaluationException or Policies.Rego.RegoException)
        {
            // The query itself fails (conflict, type error, time limit): a benchmark of an error is meaningless.
            error.WriteLine(JsonSerializer.Serialize(new { errors = new[] { new { message = e.Message } } }));
            return 1;
        }
    }
}
