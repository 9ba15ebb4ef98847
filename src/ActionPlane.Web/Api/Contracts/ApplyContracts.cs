using ActionPlane.Engine.Execution;

namespace ActionPlane.Web.Api.Contracts;

/// <summary>
/// What apply did and the opaque token to undo it with. A replay of the same <c>Idempotency-Key</c>
/// returns the same body (the <c>Idempotent-Replayed: true</c> header tells them apart).
/// </summary>
public sealed record ApplyResponse(
    Guid ProposalId,
    string IdempotencyKey,
    string AppliedBy,
    DateTimeOffset AppliedAt,
    string TargetId,
    string Summary,
    string RollbackToken,
    DateTimeOffset RollbackExpiresAt)
{
    internal static ApplyResponse From(ApplyReceipt r) => new(
        r.ProposalId, r.IdempotencyKey, r.AppliedBy, r.AppliedAt, r.TargetId, r.Summary, r.RollbackToken.ToString(), r.RollbackExpiresAt);
}

/// <summary>Body of undo: the token apply returned.</summary>
public sealed record UndoRequest(string? RollbackToken);

/// <summary>What undo compensated.</summary>
public sealed record UndoResponse(Guid ProposalId, string UndoneBy, DateTimeOffset UndoneAt, string Summary)
{
    internal static UndoResponse From(UndoReceipt r) => new(r.ProposalId, r.UndoneBy, r.UndoneAt, r.Summary);
}
