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
    public bool VerdictChanged => Recorded.Verdict != Replayed.Verdict;

    /// <summary>Anything a reviewer would care about differs: verdict, approval, or the deny rules.</summary>
    public bool Changed => VerdictChanged || Recorded.RequiresApproval != Replayed.RequiresApproval || DenyAdded.Count > 0 || DenyRemoved.Count > 0;

    public static ReplayResult Compare(Guid proposalId, PolicyEvaluated recorded, PolicyDecision replayed)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(replayed);
        var before = new GateOutcome(recorded.PolicyRevision, recorded.Allow, recorded.RequiresApproval, recorded.Deny, recorded.Error);
        var after = new GateOutcome(replayed.Revision, replayed.Allow, replayed.RequiresApproval, replayed.Deny, replayed.Error);
        // Rules are compared by name: a message that only quotes a different limit is the same rule firing.
        var beforeRules = before.Deny.Select(d => d.Rule).ToHashSet(StringComparer.Ordinal);
        var afterRules = after.Deny.Select(d => d.Rule).ToHashSet(StringComparer.Ordinal);
        return new ReplayResult(proposalId, recorded.DecisionId, recorded.Operation, recorded.At, before, after,
            [.. after.Deny.Where(d => !beforeRules.Contains(d.Rule))],
            [.. before.Deny.Where(d => !afterRules.Contains(d.Rule))]);
    }
}

/// <summary>One gate outcome: under which revision, the verdict, and the deny rules with their messages.</summary>
public sealed record GateOutcome(string Revision, bool Allow, bool RequiresApproval, IReadOnlyList<PolicyViolation> Deny, string? Error)
{
    /// <summary><c>allow</c>, <c>requires_approval</c> (allowed once approved) or <c>deny</c>.</summary>
    public string Verdict => !Allow ? "deny" : RequiresApproval ? "requires_approval" : "allow";
}
