using System.Text.Json.Nodes;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Policies;

namespace ActionPlane.Engine.Proposals;

/// <summary>What a gate decision says for the decision trace: the concerns that passed and the cap counters it saw.</summary>
internal static class PolicyRules
{
    // The gate's concerns, as its deny rules are prefixed (policies/actionplane/gate/*.rego). The gate
    // evaluates every concern on every decision, so a concern with no denial passed.
    private static readonly string[] s_concerns = ["gate", "eligibility", "consent", "frequency", "frequency_cap", "windows", "residency", "approval", "authz"];

    /// <summary>The trace with the gate's verdict: revision, concerns passed, rules failed ("rule: message") and the cap counters.</summary>
    public static DecisionTrace Attach(DecisionTrace trace, GateOutcome outcome) =>
        trace.WithPolicy(outcome.Decision.Revision, Passed(outcome.Decision.Deny), outcome.Reasons, CapState(outcome.Input));

    public static IReadOnlyList<string> Passed(IReadOnlyList<PolicyViolation> deny) =>
        [.. s_concerns.Where(c => !deny.Any(d => d.Rule.StartsWith(c + ".", StringComparison.Ordinal)))];

    /// <summary>The numeric counters of the input's <c>history</c> (nudges this week, discounts in 90 days, days since the same action…).</summary>
    public static IReadOnlyDictionary<string, int> CapState(JsonObject input)
    {
        var caps = new Dictionary<string, int>(StringComparer.Ordinal);
        if (input["history"] is JsonObject history)
        {
            foreach (var (key, value) in history)
            {
                if (value is JsonValue v && v.TryGetValue<int>(out var n))
                    caps[key] = n;
            }
        }
        return caps;
    }
}
