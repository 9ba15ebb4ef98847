using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>
/// Writes a value as go-yaml v2 does after OPA's JSON round trip: block style, keys in go-yaml's
/// order, strings quoted only when they would read back as another type, numbers as JSON has them.
/// </summary>
internal static class YamlWriter
{
    public static string Write(Value value)
    {
        var sb = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var emitter = new Emitter(sb, new EmitterSettings(bestIndent: 2, bestWidth: 80, isCanonical: false, maxSimpleKeyLength: 1024, newLine: "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Emit(emitter, value);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return sb.ToString();
    }

    private static void Emit(IEmitter emitter, Value value)
    {
        switch (value)
        {
            case NullValue:
                emitter.Emit(Plain("null"));
                break;
            case BoolValue b:
                emitter.Emit(Plain(b.Value ? "true" : "false"));
                break;
            case NumberValue n:
                emitter.Emit(Plain(NumberText(n)));
                break;
            case StringValue s:
                emitter.Emit(Text(s.Value));
                break;
            case ArrayValue or SetValue:
                var items = value is ArrayValue a ? a.Items : ((SetValue)value).Sorted;
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, items.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in items)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case ObjectValue o:
                var entries = o.Sorted
                    .Select(kv => (Key: kv.Key is StringValue ks ? ks.Value : ValueJson.Serialize(kv.Key), kv.Value))
                    .ToList();
                entries.Sort((x, y) => YamlScalars.CompareKeys(x.Key, y.Key));
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, entries.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, v) in entries)
                {
                    emitter.Emit(Text(key));
                    Emit(emitter, v);
                }

                emitter.Emit(new MappingEnd());
                break;
        }
    }

    /// <summary>A number as go-yaml prints the int64 or float64 it read from OPA's JSON.</summary>
    private static string NumberText(NumberValue n)
    {
        var isFloat = n.Text is not null || !n.Value.IsInteger || n.Value.Unscaled > ulong.MaxValue || n.Value.Unscaled < long.MinValue;
        return isFloat ? GoFloat.G(n.Value.ToDouble(), -1) : n.Value.ToString();
    }

    private static Scalar Plain(string text) => new(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, true, false);

    // Plain where it reads back as the same string; the emitter itself falls back to quotes when
    // plain is not possible (a leading '-', ': ', a newline ...), as libyaml's does.
    private static Scalar Text(string s) => YamlScalars.NeedsQuotes(s)
        ? new Scalar(AnchorName.Empty, TagName.Empty, s, ScalarStyle.DoubleQuoted, false, true)
        : new Scalar(AnchorName.Empty, TagName.Empty, s, ScalarStyle.Plain, true, true);
}
