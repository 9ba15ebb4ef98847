using System.Text.Json.Nodes;

namespace ActionPlane.Policies;

/// <summary>
/// The seam between ActionPlane and whatever evaluates Rego: the embedded interpreter by default,
/// or a real OPA server over its REST Data API.
/// </summary>
public interface IPolicyEngine
{
    /// <summary>Revision of the policy bundle decisions are currently made under.</summary>
    string Revision { get; }

    /// <summary>
    /// Evaluates <c>data.actionplane.gate.decision</c> for one action. Never throws for policy
    /// errors: an evaluation error fails closed (deny, with the error recorded on the decision).
    /// </summary>
    ValueTask<PolicyDecision> EvaluateGateAsync(JsonObject input, CancellationToken cancellationToken = default);

    /// <summary>Evaluates any document by its data path (e.g. <c>actionplane/authz/allow</c>); null when undefined.</summary>
    ValueTask<JsonNode?> EvaluateAsync(string path, JsonObject input, CancellationToken cancellationToken = default);
}
