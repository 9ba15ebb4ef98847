using ActionPlane.Engine.Governance;

namespace ActionPlane.Web.Api.Contracts;

/// <summary>Body of <c>POST /api/decisions/{id}/replay</c>.</summary>
/// <param name="Revision">The stored policy revision to replay under.</param>
/// <param name="DecisionId">Which of the proposal's gate decisions; its latest when omitted.</param>
public sealed record ReplayRequest(string? Revision, string? DecisionId = null);

/// <summary>A recorded gate decision next to its replay under another revision.</summary>
/// <param name="Outcome">
/// <c>same</c>, <c>changed</c>, or <c>operation_unknown</c>: the revision's gate does not know the recorded operation
/// (e.g. <c>approve</c> under a revision from before it existed), so it cannot judge the decision. Then changed and
/// verdictChanged are false, denyAdded and denyRemoved are empty, replayed is what the revision answered
/// (gate.invalid_operation) and explanation says so.
/// </param>
/// <param name="RevisionOperations">The gate operations the replayed revision knows; null when it does not define them.</param>
/// <param name="Explanation">Why nothing is compared, when outcome is operation_unknown; null otherwise.</param>
public sealed record ReplayResponse(
    Guid ProposalId, string DecisionId, string Operation, DateTimeOffset DecidedAt,
    GateOutcomeResponse Recorded, GateOutcomeResponse Replayed,
    bool Changed, bool VerdictChanged, IReadOnlyList<ViolationResponse> DenyAdded, IReadOnlyList<ViolationResponse> DenyRemoved,
    string Outcome, IReadOnlyList<string>? RevisionOperations, string? Explanation)
{
    public static ReplayResponse From(ReplayResult r) => new(
        r.ProposalId, r.DecisionId, r.Operation, r.DecidedAt, GateOutcomeResponse.From(r.Recorded), GateOutcomeResponse.From(r.Replayed),
        r.Changed, r.VerdictChanged, [.. r.DenyAdded.Select(d => new ViolationResponse(d.Rule, d.Message))], [.. r.DenyRemoved.Select(d => new ViolationResponse(d.Rule, d.Message))],
        r.Outcome, r.RevisionOperations, r.Explanation);
}

/// <summary>One gate outcome; verdict is allow, requires_approval or deny.</summary>
public sealed record GateOutcomeResponse(string Revision, string Verdict, bool Allow, bool RequiresApproval, IReadOnlyList<ViolationResponse> Deny, string? Error)
{
    public static GateOutcomeResponse From(GateOutcome o) =>
        new(o.Revision, o.Verdict, o.Allow, o.RequiresApproval, [.. o.Deny.Select(d => new ViolationResponse(d.Rule, d.Message))], o.Error);
}

public sealed record ViolationResponse(string Rule, string Message);

/// <summary>A stored revision with every file's source.</summary>
public sealed record PolicyRevisionFilesResponse(string Revision, DateTimeOffset FirstActiveAt, DateTimeOffset LastActivatedAt, IReadOnlyDictionary<string, string> Files);

/// <summary>What changed from one revision to another, file by file, line by line.</summary>
public sealed record PolicyRevisionDiffResponse(string From, string To, IReadOnlyList<PolicyFileDiffResponse> Files)
{
    public static PolicyRevisionDiffResponse Of(PolicyRevisionDiff d) => new(d.From, d.To, [.. d.Files.Select(f => new PolicyFileDiffResponse(
        f.Path, ApiText.Of(f.Change), f.Added, f.Removed,
        [.. f.Hunks.Select(h => new DiffHunkResponse([.. h.Lines.Select(l => new DiffLineResponse(ApiText.Of(l.Kind), l.BeforeLine, l.AfterLine, l.Text))]))]))]);
}

/// <summary>change: added, removed or modified.</summary>
public sealed record PolicyFileDiffResponse(string Path, string Change, int Added, int Removed, IReadOnlyList<DiffHunkResponse> Hunks);

public sealed record DiffHunkResponse(IReadOnlyList<DiffLineResponse> Lines);

/// <summary>kind: same, added or removed; before/after are the line numbers on each side.</summary>
public sealed record DiffLineResponse(string Kind, int? Before, int? After, string Text);
