using System.Text.Json.Nodes;

namespace ActionPlane.Policies;

/// <summary>
/// The gate's verdict on one action, with what a reviewer needs later: the bundle revision it was
/// made under, the decision id shared with the OPA-shaped decision log, and any evaluation error.
/// </summary>
public sealed record PolicyDecision(
    string DecisionId,
    bool Allow,
    IReadOnlyList<PolicyViolation> Deny,
    bool RequiresApproval,
    JsonObject Obligations,
    string Revision,
    long EvaluationNanoseconds,
    string? Error = null)
{
    /// <summary>A deny decision for when evaluation itself failed: policy errors never allow.</summary>
    public static PolicyDecision FailClosed(string decisionId, string revision, string error) =>
        new(decisionId, false, [new PolicyViolation("evaluation_error", error)], false, [], revision, 0, error);
}

/// <summary>One reason the gate denied an action, named after the rule that produced it.</summary>
public sealed record PolicyViolation(string Rule, string Message);
