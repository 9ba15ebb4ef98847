using System.Diagnostics;
using ActionPlane.Policies.Rego;
using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies;

/// <summary>Runs every <c>test_*</c> rule of a bundle's <c>*_test.rego</c> files, like <c>opa test</c>.</summary>
public static class PolicyTestRunner
{
    /// <summary>Runs the tests (optionally only those whose full name contains <paramref name="filter"/>).</summary>
    public static PolicyTestReport Run(PolicyBundle bundle, string? filter = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var results = new List<PolicyTestResult>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var module in bundle.Engine.Modules.Where(m => m.File.EndsWith("_test.rego", StringComparison.Ordinal)))
        {
            foreach (var rule in module.Rules)
            {
                if (rule.Ref.Count != 1 || rule.Kind != RuleKind.SingleValue || rule.IsDefault)
                {
                    continue;
                }

                var name = ((StringValue)((ScalarTerm)rule.Ref[0]).Value).Value;
                var package = string.Join('.', module.Package);
                if (!name.StartsWith("test_", StringComparison.Ordinal) || !seen.Add(package + "." + name))
                {
                    continue;
                }

                var full = $"data.{package}.{name}";
                if (filter is not null && !full.Contains(filter, StringComparison.Ordinal))
                {
                    continue;
                }

                results.Add(RunOne(bundle, module, rule, package, name, time ?? TimeProvider.System));
            }
        }

        return new PolicyTestReport(results);
    }

    private static PolicyTestResult RunOne(PolicyBundle bundle, Module module, Rule rule, string package, string name, TimeProvider time)
    {
        var started = Stopwatch.GetTimestamp();
        string? error = null;
        var passed = false;
        try
        {
            var value = bundle.Engine.Evaluate([.. module.Package, name], null, new EvalOptions { Now = time.GetUtcNow(), Timeout = TimeSpan.FromSeconds(10) });
            passed = value is BoolValue { Value: true };
            if (!passed)
            {
                error = value is null ? "undefined" : $"result {value}";
            }
        }
        catch (RegoException e)
        {
            error = e.Message;
        }

        return new PolicyTestResult(package, name, module.File, rule.Loc.Row, passed, error, Stopwatch.GetElapsedTime(started));
    }
}
