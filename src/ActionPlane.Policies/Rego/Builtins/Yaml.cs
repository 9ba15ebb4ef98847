using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>
/// <c>yaml.marshal</c>, <c>yaml.unmarshal</c>, <c>yaml.is_valid</c>, as OPA has them: YAML goes to and
/// from JSON through go-yaml v2 (YAML 1.1 scalars, first document only, sorted keys, block style).
/// </summary>
internal static class Yaml
{
    public static void Register(Action<string, int, BuiltinFn> add)
    {
        add("yaml.marshal", 1, (a, _) => S(YamlWriter.Write(a[0])));
        add("yaml.unmarshal", 1, (a, c) =>
        {
            try
            {
                return Read(c.Str(a, 0));
            }
            catch (YamlException e)
            {
                throw Fail(c.Name, GoMessage(e));
            }
            catch (FormatException e)
            {
                throw Fail(c.Name, e.Message);
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet's parser gives up on a few malformed streams without a YamlException.
                throw Fail(c.Name, "yaml: unknown problem parsing YAML content");
            }
        });
        add("yaml.is_valid", 1, (a, _) =>
        {
            if (a[0] is not StringValue s)
            {
                return Value.False;
            }

            try
            {
                Read(s.Value, asJson: false);
                return Value.True;
            }
            catch (Exception e) when (e is YamlException or FormatException or InvalidOperationException)
            {
                return Value.False;
            }
        });
    }

    /// <summary>
    /// The first document of a YAML text as a value (null for an empty text). <paramref name="asJson"/>:
    /// fail on what YAML has and JSON has not (<c>.inf</c>), as OPA's YAML-to-JSON step does.
    /// </summary>
    public static Value Read(string text, bool asJson = true)
    {
        IParser parser = new YamlDotNet.Core.Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        if (!parser.TryConsume<DocumentStart>(out _))
        {
            return Value.Null;
        }

        var anchors = new Dictionary<string, Value>(StringComparer.Ordinal);
        var value = ReadNode(parser, anchors, 0, asJson);
        parser.Consume<DocumentEnd>();
        return value;
    }

    private static Value ReadNode(IParser parser, Dictionary<string, Value> anchors, int depth, bool asJson)
    {
        if (depth > 1000)
        {
            throw new FormatException("yaml: exceeded max depth of 1000");
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var aliased)
                ? aliased
                : throw new FormatException($"yaml: unknown anchor '{alias.Value.Value}' referenced");
        }

        Value value;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            value = scalar.IsPlainImplicit && scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty
                ? YamlScalars.Resolve(scalar.Value) ?? (asJson ? throw new FormatException(YamlScalars.NonFiniteError(scalar.Value)) : Value.Null)
                : new StringValue(scalar.Value);
        }
        else if (parser.TryConsume<SequenceStart>(out var seq))
        {
            anchor = seq.Anchor;
            var items = new List<Value>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, anchors, depth + 1, asJson));
            }

            value = new ArrayValue(items);
        }
        else
        {
            var map = parser.Consume<MappingStart>();
            anchor = map.Anchor;
            var entries = new Dictionary<Value, Value>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser, anchors, depth + 1, asJson);
                // JSON keys are strings: go-yaml's scalar keys are printed back as text.
                entries[new StringValue(KeyText(key))] = ReadNode(parser, anchors, depth + 1, asJson);
            }

            value = new ObjectValue(entries);
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = value;
        }

        return value;
    }

    private static string KeyText(Value key) => key switch
    {
        StringValue s => s.Value,
        NullValue => "null",
        BoolValue b => b.Value ? "true" : "false",
        NumberValue { Text: { } t } => GoFloat.G(double.Parse(t, CultureInfo.InvariantCulture), -1),
        NumberValue n => n.Value.ToString(),
        _ => throw new FormatException($"yaml: invalid map key: {StringsMore.RegoText(key)}"),
    };

    /// <summary>
    /// go-yaml's wording, <c>yaml: line N: problem</c>. Both libraries descend from libyaml and share
    /// most problem texts; go-yaml counts a scanner error's line from 1 and a parser error's from 0.
    /// </summary>
    private static string GoMessage(YamlException e)
    {
        var problem = string.Join(' ', e.Message.TrimEnd('.').Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var scanner = problem.StartsWith("While scanning", StringComparison.Ordinal);
        var comma = problem.IndexOf(", ", StringComparison.Ordinal);
        if (problem.StartsWith("While ", StringComparison.Ordinal) && comma > 0)
        {
            problem = problem[(comma + 2)..];
        }

        // YamlDotNet's own wording for libyaml's "mapping values are not allowed in this context".
        if (problem == "found invalid mapping")
        {
            problem = "mapping values are not allowed in this context";
        }

        var line = scanner ? e.Start.Line : e.Start.Line - 1;
        return line > 0 ? $"yaml: line {line}: {problem}" : $"yaml: {problem}";
    }
}
