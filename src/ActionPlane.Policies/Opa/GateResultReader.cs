using System.Text.Json.Nodes;

namespace ActionPlane.Policies.Opa;

/// <summary>Reads the gate's JSON result into a <see cref="PolicyDecision"/>, failing closed on any shape it does not expect.</summary>
internal static class GateResultReader
{
    public static PolicyDecision Read(string decisionId, string revision, JsonNode? result, bool defined)
    {
        if (!defined)
        {
            return PolicyDecision.FailClosed(decisionId, revision, "data.actionplane.gate.decision is undefined on the OPA server (no result): is the bundle loaded?");
        }

        if (result is not JsonObject o)
        {
            return PolicyDecision.FailClosed(decisionId, revision, $"data.actionplane.gate.decision must be an object, got {Kind(result)}");
        }

        if (o["allow"] is not JsonValue allowNode || !allowNode.TryGetValue<bool>(out var allow))
        {
            return PolicyDecision.FailClosed(decisionId, revision, "decision.allow must be a boolean");
        }

        var violations = new List<PolicyViolation>();
        switch (o["deny"])
        {
            case null:
                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    if (item is JsonObject v && v["rule"] is JsonValue r && r.TryGetValue<string>(out var rule))
                    {
                        var message = v["message"] is JsonValue m && m.TryGetValue<string>(out var text) ? text : "";
                        violations.Add(new PolicyViolation(rule, message));
                    }
                    else
                    {
                        return PolicyDecision.FailClosed(decisionId, revision, "decision.deny must hold objects with a string rule");
                    }
                }

                break;
            default:
                return PolicyDecision.FailClosed(decisionId, revision, "decision.deny must be an array (a set in Rego)");
        }

        var requiresApproval = o["requires_approval"] is JsonValue ra && ra.TryGetValue<bool>(out var b) && b;
        var obligations = o["obligations"] is JsonObject ob ? (JsonObject)ob.DeepClone() : [];

        // Same rule as the embedded engine: allow with violations is inconsistent, trust the violations.
        return new PolicyDecision(decisionId, allow && violations.Count == 0, violations, requiresApproval, obligations, revision, 0);
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "array",
        JsonValue v => v.GetValueKind().ToString().ToLowerInvariant(),
        _ => "object",
    };
}
