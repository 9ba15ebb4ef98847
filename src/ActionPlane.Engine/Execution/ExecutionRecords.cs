using System.Text.Json.Nodes;

namespace ActionPlane.Engine.Execution;

/// <summary>One action as an executor sees it: what to do, to whom, and when.</summary>
public sealed record ActionExecution(
    Guid ProposalId,
    string ActionType,
    string AccountId,
    string? UserId,
    JsonObject Payload,
    JsonObject Metadata,
    string UserFacingWhy,
    string Actor,
    DateTimeOffset Now);

/// <summary>The target state before and after a change (or a preview of one), and the change in words.</summary>
public sealed record ExecutionOutcome(string TargetId, JsonObject Before, JsonObject After, string Summary);

/// <summary>Whether an applied action can still be compensated, and why not.</summary>
public sealed record UndoCheck(bool CanUndo, string? Reason)
{
    public static UndoCheck Yes { get; } = new(true, null);
    public static UndoCheck No(string reason) => new(false, reason);
}
