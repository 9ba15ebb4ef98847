namespace ActionPlane.Engine.Lifecycle;

/// <summary>Where a proposal stands in its lifecycle.</summary>
public enum ActionStatus
{
    /// <summary>Stored, not yet gated (only between the first two events of a stream).</summary>
    Proposed,
    /// <summary>The gate allowed the proposal; it can be simulated and applied (after approval if consequential).</summary>
    Allowed,
    /// <summary>The gate denied the proposal; apply re-checks and is refused while the reasons hold.</summary>
    Denied,
    AwaitingApproval,
    Approved,
    Rejected,
    Applied,
    RolledBack,
    /// <summary>
    /// Open too long (<c>ActionPlane:Decisioning:ProposalTtlDays</c>) without being applied or rejected: it lapsed
    /// (<see cref="ProposalExpired"/>) and can no longer be approved or applied. Untreated; its outcome is observed like an alternative's.
    /// </summary>
    Expired,
}
