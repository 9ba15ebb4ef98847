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
        try
        {
            var result = await engine.EvaluateAsync(maskPath, entry.ToJsonObject(), cancellationToken).ConfigureAwait(false);
            return Apply(entry, MaskRule.ParseAll(result));
        }
        catch (Exception e) when (e is PolicyEvaluationException or FormatException)
        {
            return entry with { Input = null, Erased = ["/input"], Masked = null, MaskError = e.Message };
        }
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
