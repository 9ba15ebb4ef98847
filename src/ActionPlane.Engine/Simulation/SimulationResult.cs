using System.Text.Json.Nodes;
using ActionPlane.Policies;

namespace ActionPlane.Engine.Simulation;

/// <summary>
/// A preview of applying a proposal: the target state before and after, what the gate would say at
/// <c>apply</c> right now (with the approvals so far), and whether an approval is still needed.
/// </summary>
public sealed record SimulationResult(
    Guid ProposalId,
    string ActionType,
    JsonObject Before,
    JsonObject After,
    string Summary,
    string DecisionId,
    bool WouldBeAllowed,
    IReadOnlyList<PolicyViolation> Deny,
    bool RequiresApproval,
    bool HasApproval,
    string PolicyRevision);
