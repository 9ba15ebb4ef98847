using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ActionPlane.Policies;
using ActionPlane.Policies.Rego;

namespace ActionPlane.Cli.Bench;

/// <summary>
/// What one benchmark evaluates: the loaded bundle, the input (parsed once, as <c>opa bench</c>
/// does) and the query, compiled once; <see cref="Evaluate"/> runs one evaluation and says whether
/// the result was defined.
/// </summary>
internal sealed partial class BenchTarget
{
    private readonly Func<bool> _evaluate;

    private BenchTarget(string mode, Func<bool> evaluate)
    {
        Mode = mode;
        _evaluate = evaluate;
    }

    /// <summary><c>prepared</c> (compiled query, parsed input) or <c>engine</c> (the public IPolicyEngine API, JSON in and out).</summary>
    public string Mode { get; }

    public bool Evaluate() => _evaluate();

    /// <summary>Loads <paramref name="dataPaths"/> (Rego and JSON files or bundle folders) and prepares <paramref name="query"/>.</summary>
    /// <exception cref="PolicyLoadException">A policy or data file does not load (located as file:row:col).</exception>
    /// <exception cref="ArgumentException">A bad option value, naming the option.</exception>
    public static BenchTarget Create(IReadOnlyList<string> dataPaths, string? inputFile, string query, bool throughEngine)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var bundle = PolicyBundle.FromFiles(BundleFiles(dataPaths));
        JsonObject input = [];
        if (inputFile is not null)
        {
            input = ReadInput(inputFile);
        }

        var path = DataPath(query.Trim());
        if (throughEngine)
        {
            if (path is null)
            {
                throw new ArgumentException($"--engine needs a data reference such as data.actionplane.gate.decision, got '{query}'", nameof(query));
            }

            return EngineTarget(bundle, input, path);
        }

        return PreparedTarget(bundle, inputFile is null ? null : ValueJson.FromNode(input), query.Trim(), path);
    }

    private static BenchTarget PreparedTarget(PolicyBundle bundle, Value? input, string query, string[]? path)
    {
        var options = new EvalOptions { Timeout = TimeSpan.FromSeconds(30) };
        var engine = bundle.Engine;
        if (path is not null)
        {
            // A plain data reference: evaluate the document directly, as a prepared query would.
            return new BenchTarget("prepared", () => engine.Evaluate(path, input, options) is not null);
        }

        IReadOnlyList<Policies.Rego.Ast.Expr> compiled;
        try
        {
            compiled = Compiler.CompileQuery(Parser.ParseQuery(query));
        }
        catch (RegoException e)
        {
            throw new PolicyLoadException($"query: {e.Message}", "query", e.Location?.Row ?? 0, e.Location?.Col ?? 0, e);
        }

        return new BenchTarget("prepared", () => Evaluator.Query(compiled, engine.NewContext(input, options)).Count > 0);
    }

    private static BenchTarget EngineTarget(PolicyBundle bundle, JsonObject input, string[] path)
    {
        var engine = new EmbeddedPolicyEngine(bundle, timeout: TimeSpan.FromSeconds(30));
        if (path is ["actionplane", "gate", "decision"])
        {
            return new BenchTarget("engine", () =>
            {
                var decision = engine.EvaluateGateAsync(input).AsTask().GetAwaiter().GetResult();
                return decision.Error is null || !decision.Error.Contains("undefined", StringComparison.Ordinal);
            });
        }

        var joined = string.Join('/', path);
        return new BenchTarget("engine", () => engine.EvaluateAsync(joined, input).AsTask().GetAwaiter().GetResult() is not null);
    }

    private static JsonObject ReadInput(string inputFile)
    {
        string text;
        try
        {
            text = File.ReadAllText(inputFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--input: cannot read {inputFile}: {e.Message}", "input", e);
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw new ArgumentException($"--input: {inputFile} must hold a JSON object", "input");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ArgumentException($"--input: {inputFile}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: invalid JSON: {e.Message}", "input", e);
        }
    }

    /// <summary><c>data.a.b.c</c> → [a, b, c]; null for anything that is not a plain data reference.</summary>
    internal static string[]? DataPath(string query)
    {
        var match = DataRef().Match(query);
        return match.Success ? query.Split('.')[1..] : null;
    }

    [GeneratedRegex(@"^data(\.[A-Za-z_][A-Za-z0-9_]*)+$")]
    private static partial Regex DataRef();
}
