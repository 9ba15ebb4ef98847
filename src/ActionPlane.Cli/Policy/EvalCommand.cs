using System.CommandLine;
using System.Text;
using ActionPlane.Policies.Rego;

namespace ActionPlane.Cli.Policy;

/// <summary>
/// <c>actionplane policy eval</c>: a subset of <c>opa eval</c> (<c>--format json</c>, <c>--data</c>,
/// <c>--input</c>/<c>--input-term</c>, <c>--strict-builtin-errors</c>) printing one JSON document.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format", "-f") { Description = "Output format (json)", DefaultValueFactory = _ => "json" };
        var data = new Option<string[]>("--data", "-d") { Description = "Rego or JSON data file (repeatable)", AllowMultipleArgumentsPerToken = false };
        var input = new Option<string?>("--input", "-i") { Description = "JSON input document" };
        var inputTerm = new Option<string?>("--input-term") { Description = "File holding the input as a Rego term" };
        var strict = new Option<bool>("--strict-builtin-errors") { Description = "Treat builtin errors as evaluation errors" };
        var query = new Argument<string>("query") { Description = "Rego query, e.g. data.actionplane.gate.decision" };
        var command = new Command("eval", "Evaluate a Rego query");
        command.Options.Add(format);
        command.Options.Add(data);
        command.Options.Add(input);
        command.Options.Add(inputTerm);
        command.Options.Add(strict);
        command.Arguments.Add(query);
        command.SetAction(parse =>
        {
            var output = Run(parse.GetValue(data) ?? [], parse.GetValue(input), parse.GetValue(inputTerm), parse.GetValue(strict), parse.GetValue(query)!, out var exitCode);
            Console.Out.WriteLine(output);
            return exitCode;
        });
        return command;
    }

    /// <summary>Evaluates and renders the result as <c>opa eval --format json</c> does.</summary>
    internal static string Run(IReadOnlyList<string> dataFiles, string? inputFile, string? inputTermFile, bool strict, string query, out int exitCode)
    {
        exitCode = 0;
        try
        {
            var sources = new List<(string, string)>();
            Value data = ObjectValue.Empty;
            foreach (var path in dataFiles)
            {
                if (Directory.Exists(path))
                {
                    data = LoadFolder(path, sources, data);
                    continue;
                }

                if (!File.Exists(path))
                {
                    throw new IOException($"--data: {path} does not exist");
                }

                var text = File.ReadAllText(path);
                if (path.EndsWith(".rego", StringComparison.Ordinal))
                {
                    sources.Add((path, text));
                }
                else
                {
                    var doc = ParseJson(path, text);
                    data = data is ObjectValue d && doc is ObjectValue o ? Evaluator.Merge(o, d) : doc;
                }
            }

            var engine = RegoEngine.Create(sources, data);
            Value? input = null;
            if (inputFile is not null)
            {
                input = ParseJson(inputFile, File.ReadAllText(inputFile));
            }
            else if (inputTermFile is not null)
            {
                input = EvalTerm(inputTermFile);
            }

            var rows = engine.Query(query.Trim(), input, new EvalOptions { StrictBuiltinErrors = strict, Timeout = TimeSpan.FromSeconds(20) });
            return Render(rows);
        }
        catch (RegoException e)
        {
            exitCode = 1;
            return RenderError(e.Code, e.Detail, e.Location);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            exitCode = 2;
            return RenderError("io_error", e.Message, null);
        }
    }

    /// <summary>
    /// A folder as a bundle: every <c>.rego</c> file below it, and every <c>data.json</c> mounted at
    /// its folder's path (as <c>actionplane policy test</c> and <c>bench</c> load one). Other files are ignored.
    /// </summary>
    private static Value LoadFolder(string folder, List<(string, string)> sources, Value data)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(folder, f).Replace('\\', '/')))
            .Where(f => f.Relative.EndsWith(".rego", StringComparison.Ordinal) || Path.GetFileName(f.Relative) == "data.json")
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        foreach (var (full, relative) in files)
        {
            var text = File.ReadAllText(full);
            if (relative.EndsWith(".rego", StringComparison.Ordinal))
            {
                sources.Add((full, text));
                continue;
            }

            var doc = ParseJson(full, text);
            if (!relative.Contains('/', StringComparison.Ordinal) && doc is not ObjectValue)
            {
                throw new RegoException("invalid_json", "the root data.json of a folder must hold an object", new Location(full, 1, 1));
            }

            data = Policies.PolicyBundle.MountData(data, relative, doc);
        }

        return data;
    }

    private static Value ParseJson(string file, string text)
    {
        try
        {
            return ValueJson.Parse(text);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new RegoException("invalid_json", e.Message, new Location(file, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1));
        }
    }

    private static Value EvalTerm(string file)
    {
        var term = Parser.ParseTerm(File.ReadAllText(file), file);
        var engine = RegoEngine.Create([], null);
        var ctx = engine.NewContext(null, new EvalOptions());
        Value? result = null;
        Evaluator.EvalTerm(Compiler.CompileQuery([new Policies.Rego.Ast.TermExpr(term, term.Loc)]) is [Policies.Rego.Ast.TermExpr t] ? t.Term : term, null, ctx, (v, _) =>
        {
            result = v;
            return false;
        });
        return result ?? throw new RegoException(RegoException.ParseError, "input term is undefined", term.Loc);
    }

    private static string Render(List<QueryRow> rows)
    {
        if (rows.Count == 0)
        {
            return "{}";
        }

        var sb = new StringBuilder("{\"result\":[");
        for (var i = 0; i < rows.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append("{\"expressions\":[");
            for (var j = 0; j < rows[i].Expressions.Count; j++)
            {
                if (j > 0)
                {
                    sb.Append(',');
                }

                var (text, value) = rows[i].Expressions[j];
                sb.Append("{\"value\":");
                ValueJson.Write(sb, value);
                sb.Append(",\"text\":");
                ValueJson.WriteString(sb, text);
                sb.Append('}');
            }

            sb.Append(']');
            if (rows[i].Bindings.Count > 0)
            {
                sb.Append(",\"bindings\":{");
                for (var j = 0; j < rows[i].Bindings.Count; j++)
                {
                    if (j > 0)
                    {
                        sb.Append(',');
                    }

                    var (name, value) = rows[i].Bindings[j];
                    ValueJson.WriteString(sb, name);
                    sb.Append(':');
                    ValueJson.Write(sb, value);
                }

                sb.Append('}');
            }

            sb.Append('}');
        }

        return sb.Append("]}").ToString();
    }

    private static string RenderError(string code, string message, Location? location)
    {
        var sb = new StringBuilder("{\"errors\":[{\"code\":");
        ValueJson.WriteString(sb, code);
        sb.Append(",\"message\":");
        ValueJson.WriteString(sb, message);
        if (location is { } l)
        {
            sb.Append(",\"location\":{\"file\":");
            ValueJson.WriteString(sb, l.File);
            sb.Append(",\"row\":").Append(l.Row).Append(",\"col\":").Append(l.Col).Append('}');
        }

        return sb.Append("}]}").ToString();
    }
}
