namespace ActionPlane.Engine.Execution;

// Demo target state that executors change: what the customer's product would hold after an action.
// Ids derive from the proposal id, so one proposal touches exactly one target document.

/// <summary>Lifecycle of a target document an action created.</summary>
public enum TargetStatus { Active, Completed, Undone }

/// <summary>A shortcut pinned to a user's home screen.</summary>
public sealed record PinnedShortcut(string Id, Guid ProposalId, string AccountId, string UserId, string Feature, string Label, TargetStatus Status, DateTimeOffset PinnedAt);

/// <summary>A time-boxed trial of a module for some seats of an account. <c>Completed</c> means converted to paid.</summary>
public sealed record TrialUnlock(string Id, Guid ProposalId, string AccountId, string Feature, int Days, int Seats, DateTimeOffset StartsAt, DateTimeOffset EndsAt, TargetStatus Status);

/// <summary>A task in a CSM's queue. <c>Completed</c> means the CSM did it.</summary>
public sealed record CsmTask(string Id, Guid ProposalId, string AccountId, string Csm, string Reason, DateOnly DueDate, string Priority, TargetStatus Status, DateTimeOffset CreatedAt);

/// <summary>A discount on the account's next invoices. Once invoiced it cannot be silently withdrawn.</summary>
public sealed record DiscountOffer(string Id, Guid ProposalId, string AccountId, int Percent, int Months, string Reason, TargetStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? InvoicedAt = null);
