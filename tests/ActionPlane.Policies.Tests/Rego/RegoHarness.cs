using ActionPlane.Policies.Rego;

namespace ActionPlane.Policies.Tests.Rego;

/// <summary>Small helpers to run the interpreter directly on policy text.</summary>
internal static class RegoHarness
{
    public static RegoEngine Engine(string module, string? dataJson = null, string file = "policy.rego") =>
        RegoEngine.Create([(file, module)], dataJson is null ? null : ValueJson.Parse(dataJson));

    /// <summary>Evaluates <c>data.test.&lt;rule&gt;</c> of a <c>package test</c> module; returns JSON text or null when undefined.</summary>
    public static string? Eval(string body, string rule = "p", string? input = null, string? data = null, bool strict = false)
    {
        var engine = Engine("package test\nimport rego.v1\n" + body, data);
        var value = engine.Evaluate(["test", rule], input is null ? null : ValueJson.Parse(input), new EvalOptions { StrictBuiltinErrors = strict, Now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero) });
        return value is null ? null : ValueJson.Serialize(value);
    }

    public static RegoException EvalError(string body, string rule = "p", string? input = null, bool strict = false)
    {
        var act = () => Eval(body, rule, input, strict: strict);
        return act.Should().Throw<RegoException>().Which;
    }

    public static List<QueryRow> Query(string module, string query, string? input = null) =>
        Engine(module).Query(query, input is null ? null : ValueJson.Parse(input), new EvalOptions());
}
