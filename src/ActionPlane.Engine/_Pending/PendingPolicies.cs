// TEMPORARY compile stand-in for branch `rego`. Deleted when that branch is merged.
using System.Text.Json.Nodes;

namespace ActionPlane.Policies;

public sealed class PolicyBundle
{
    public static PolicyBundle Load(string directory) => new();
}

public sealed class EmbeddedPolicyEngine(PolicyBundle bundle) : IPolicyEngine
{
    public PolicyBundle Bundle { get; } = bundle;
    public string Revision => "stub";

    public ValueTask<PolicyDecision> EvaluateGateAsync(JsonObject input, CancellationToken cancellationToken = default)
    {
        var consequential = input["action"]?["metadata"]?["consequential"]?.GetValue<bool>() ?? false;
        var deny = new List<PolicyViolation>();
        if (input["operation"]?.GetValue<string>() == "apply" && consequential)
        {
            var actor = input["actor"]?["id"]?.GetValue<string>();
            var ok = input["approvals"]!.AsArray().Any(a => a!["by"]!.GetValue<string>() != actor
                && a["roles"]!.AsArray().Any(r => r!.GetValue<string>() == "approver"));
            if (!ok)
                deny.Add(new PolicyViolation("approval.missing", "needs approval"));
        }
        return ValueTask.FromResult(new PolicyDecision(Guid.NewGuid().ToString(), deny.Count == 0, deny, consequential, [], Revision, 1));
    }

    public ValueTask<JsonNode?> EvaluateAsync(string path, JsonObject input, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<JsonNode?>(null);
}
