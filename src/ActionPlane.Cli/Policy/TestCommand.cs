using System.CommandLine;
using System.Globalization;
using ActionPlane.Policies;

namespace ActionPlane.Cli.Policy;

/// <summary><c>actionplane policy test DIR [-v]</c>: runs the bundle's <c>test_*</c> rules and reports like <c>opa test</c>.</summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "Policy bundle directory" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List every test" };
        var run = new Option<string?>("--run", "-r") { Description = "Only run tests whose name contains this text" };
        var command = new Command("test", "Run the bundle's Rego tests");
        command.Arguments.Add(dir);
        command.Options.Add(verbose);
        command.Options.Add(run);
        command.SetAction(parse => Run(parse.GetValue(dir)!, parse.GetValue(verbose), parse.GetValue(run), Console.Out));
        return command;
    }

    internal static int Run(string dir, bool verbose, string? filter, TextWriter output)
    {
        PolicyBundle bundle;
        try
        {
            bundle = PolicyBundle.Load(dir);
        }
        catch (PolicyLoadException e)
        {
            output.WriteLine(e.Message);
            return 2;
        }

        var report = PolicyTestRunner.Run(bundle, filter);
        foreach (var file in report.Results.GroupBy(r => r.File))
        {
            var shown = verbose ? file.ToList() : file.Where(r => !r.Passed).ToList();
            if (shown.Count == 0)
            {
                continue;
            }

            output.WriteLine($"{Path.Combine(dir, file.Key)}:");
            foreach (var r in shown)
            {
                var status = r.Passed ? "PASS" : r.Error is { } e && e != "undefined" && !e.StartsWith("result ", StringComparison.Ordinal) ? "ERROR" : "FAIL";
                output.WriteLine($"{r.FullName}: {status} ({Duration(r.Duration)})");
                if (!r.Passed)
                {
                    output.WriteLine($"  {r.File}:{r.Row}: {r.Error}");
                }
            }
        }

        if (report.Results.Count > 0)
        {
            output.WriteLine(new string('-', 80));
        }

        var total = report.Results.Count;
        if (report.Passed > 0 || total == 0)
        {
            output.WriteLine($"PASS: {report.Passed}/{total}");
        }

        if (report.Failed > 0)
        {
            output.WriteLine($"FAIL: {report.Failed}/{total}");
        }

        return report.Success ? 0 : 1;
    }

    private static string Duration(TimeSpan d) => d.TotalMilliseconds >= 1
        ? d.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + "ms"
        : (d.TotalMilliseconds * 1000).ToString("0.0", CultureInfo.InvariantCulture) + "µs";
}
