using ActionPlane.Engine.Lifecycle;

namespace ActionPlane.Engine.Execution;

/// <summary>
/// What apply did and the token to undo it with. Replaying the same idempotency key returns the
/// same receipt (same token) with <see cref="Replayed"/> set.
/// </summary>
public sealed record ApplyReceipt(
    Guid ProposalId,
    string IdempotencyKey,
    string AppliedBy,
    DateTimeOffset AppliedAt,
    string TargetId,
    string Summary,
    RollbackToken RollbackToken,
    DateTimeOffset RollbackExpiresAt,
    ActionStatus Status,
    bool Replayed);

/// <summary>What undo compensated.</summary>
public sealed record UndoReceipt(Guid ProposalId, string UndoneBy, DateTimeOffset UndoneAt, string Summary);
