using ActionPlane.Engine.Lifecycle;
using ActionPlane.Policies;

namespace ActionPlane.Engine.Governance;

/// <summary>A recorded decision next to its replay under another revision, and what changed.</summary>
public sealed record ReplayResult(
    Guid ProposalId,
    string DecisionId,
    string Operation,
    DateTimeOffset DecidedAt,
    GateOutcome Recorded,
    GateOutcome Replayed,
    IReadOnlyList<PolicyViolation> DenyAdded,
    IReadOnlyList<PolicyViolation> DenyRemoved)
{
    /// <summary>
    /// The gate operations the replayed revision knows (its <c>data.actionplane.gate.operations</c>), or null when it
    /// does not say. A revision from before an operation existed (e.g. <c>approve</c>, added in session 13) denies it
    /// as <c>gate.invalid_operation</c>: that is the revision not knowing the question, not a different answer.
    /// </summary>
    public IReadOnlyList<string>? RevisionOperations { get; init; }

    /// <summary>False when the replayed revision does not know the recorded operation, so it cannot judge the decision.</summary>
    public bool OperationKnown => RevisionOperations is null || RevisionOperations.Contains(Operation, StringComparer.Ordinal);

    public bool VerdictChanged => OperationKnown && Recorded.Verdict != Replayed.Verdict;

    /// <summary>Anything a reviewer would care about differs: verdict, approval, or the deny rules.</summary>
    public bool Changed => OperationKnown && (VerdictChanged || Recorded.RequiresApproval != Replayed.RequiresApproval || DenyAdded.Count > 0 || DenyRemoved.Count > 0);

    /// <summary><c>same</c>, <c>changed</c>, or <c>operation_unknown</c> (the revision cannot judge this decision; nothing is compared).</summary>
    public string Outcome => !OperationKnown ? "operation_unknown" : Changed ? "changed" : "same";

    /// <summary>Why nothing is compared, in a reviewer's words, when the revision does not know the operation; null otherwise.</summary>
    public string? Explanation => OperationKnown ? null
        : $"Revision {Replayed.Revision} does not know the operation '{Operation}': its gate knows only {string.Join(", ", RevisionOperations!)}. "
          + $"It predates this kind of decision, so it cannot judge it and nothing is compared; its deny (gate.invalid_operation) is the question it cannot read, not a different verdict.";

    public static ReplayResult Compare(Guid proposalId, PolicyEvaluated recorded, PolicyDecision replayed, IReadOnlyList<string>? revisionOperations = null)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(replayed);
        var before = new GateOutcome(recorded.PolicyRevision, recorded.Allow, recorded.RequiresApproval, recorded.Deny, recorded.Error);
        var after = new GateOutcome(replayed.Revision, replayed.Allow, replayed.RequiresApproval, replayed.Deny, replayed.Error);
        var known = revisionOperations is null || revisionOperations.Contains(recorded.Operation, StringComparer.Ordinal);
        // Rules are compared by name: a message that only quotes a different limit is the same rule firing.
        var beforeRules = before.Deny.Select(d => d.Rule).ToHashSet(StringComparer.Ordinal);
        var afterRules = after.Deny.Select(d => d.Rule).ToHashSet(StringComparer.Ordinal);
        return new ReplayResult(proposalId, recorded.DecisionId, recorded.Operation, recorded.At, before, after,
            known ? [.. after.Deny.Where(d => !beforeRules.Contains(d.Rule))] : [],
            known ? [.. before.Deny.Where(d => !afterRules.Contains(d.Rule))] : [])
        {
            RevisionOperations = revisionOperations,
        };
    }
}

/// <summary>One gate outcome: under which revision, the verdict, and the deny rules with their messages.</summary>
public sealed record GateOutcome(string Revision, bool Allow, bool RequiresApproval, IReadOnlyList<PolicyViolation> Deny, string? Error)
{
    /// <summary><c>allow</c>, <c>requires_approval</c> (allowed once approved) or <c>deny</c>.</summary>
    public string Verdict => !Allow ? "deny" : RequiresApproval ? "requires_approval" : "allow";
}
