using System.Text.Json.Nodes;

namespace ActionPlane.Policies.DecisionLogs;

/// <summary>
/// Applies the bundle's <c>data.system.log.mask</c> rules to a decision log record before it is
/// stored, like OPA: each rule yields a JSON pointer to erase (<c>"/input/user/email"</c>) or an
/// operation <c>{"op": "upsert" | "remove", "path": ..., "value": ...}</c> on <c>/input</c> or <c>/result</c>.
/// </summary>
public sealed class DecisionLogMasker(IPolicyEngine engine, string maskPath = DecisionLogMasker.DefaultMaskPath)
{
    public const string DefaultMaskPath = "system/log/mask";

    /// <summary>
    /// Returns a masked copy of <paramref name="entry"/>. Without a mask policy the entry is returned
    /// unchanged. When the mask policy fails or yields an invalid rule the whole input is erased and
    /// <see cref="DecisionLogEntry.MaskError"/> says why: personal data must not leak because a mask broke.
    /// </summary>
    public async ValueTask<DecisionLogEntry> MaskAsync(DecisionLogEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // The entry's own input and result are lent to the document the mask reads rather than copied (the
        // embedded engine converts only the fields the mask reads), and taken back afterwards: a JSON node
        // has one parent. Nodes that already have one are copied.
        var document = entry.Envelope();
        var lend = entry.Input?.Parent is null && entry.Result?.Parent is null;
        document["input"] = lend ? entry.Input : entry.Input?.DeepClone();
        document["result"] = lend ? entry.Result : entry.Result?.DeepClone();
        List<MaskRule> rules;
        try
        {
            var result = await engine.EvaluateAsync(maskPath, document, cancellationToken).ConfigureAwait(false);
            rules = MaskRule.ParseAll(result);
        }
        catch (Exception e) when (e is PolicyEvaluationException or FormatException)
        {
            return entry with { Input = null, Erased = ["/input"], Masked = null, MaskError = e.Message };
        }
        finally
        {
            document.Remove("input");
            document.Remove("result");
        }

        return Apply(entry, rules);
    }

    private static DecisionLogEntry Apply(DecisionLogEntry entry, List<MaskRule> rules)
    {
        if (rules.Count == 0)
        {
            return entry;
        }

        // Work on copies: the original entry stays as it was if a rule turns out to be invalid.
        var document = new JsonObject { ["input"] = entry.Input?.DeepClone(), ["result"] = entry.Result?.DeepClone() };
        var erased = new List<string>();
        var masked = new List<string>();
        foreach (var rule in rules)
        {
            if (rule.Upsert)
            {
                JsonPointer.Upsert(document, rule.Segments, rule.Value);
                masked.Add(rule.Path);
            }
            else if (JsonPointer.Remove(document, rule.Segments))
            {
                erased.Add(rule.Path);
            }
        }

        return entry with
        {
            Input = document["input"]?.DeepClone(),
            Result = document["result"]?.DeepClone(),
            Erased = erased.Count > 0 ? erased : entry.Erased,
            Masked = masked.Count > 0 ? masked : entry.Masked,
        };
    }
}
