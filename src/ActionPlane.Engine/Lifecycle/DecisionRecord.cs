using System.Text.Json.Nodes;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>
/// The audit row of one proposal (a projection of its stream): the latest gate decision in the
/// fields an OPA decision log uses, who proposed, approved, applied and undid it, and the full trail.
/// </summary>
public sealed record DecisionRecord
{
    /// <summary>The proposal id (the stream id).</summary>
    public Guid Id { get; init; }
    /// <summary>The latest gate decision's id (OPA <c>decision_id</c>).</summary>
    public string DecisionId { get; init; } = "";
    /// <summary>Always <c>actionplane/gate/decision</c> (OPA <c>path</c>).</summary>
    public string Path { get; init; } = GatePath;
    public string Operation { get; init; } = "";
    /// <summary>The policy input of the latest decision (OPA <c>input</c>).</summary>
    public JsonObject Input { get; init; } = [];
    /// <summary>The gate's result (OPA <c>result</c>).</summary>
    public JsonObject Result { get; init; } = [];
    /// <summary>Bundle revision (OPA <c>bundles.actionplane.revision</c>).</summary>
    public string PolicyRevision { get; init; } = "";
    /// <summary>When the latest decision was made (OPA <c>timestamp</c>).</summary>
    public DateTimeOffset Timestamp { get; init; }
    /// <summary>OPA <c>metrics.timer_rego_query_eval_ns</c>.</summary>
    public long EvalNanoseconds { get; init; }

    public string AccountId { get; init; } = "";
    public string? UserId { get; init; }
    public string ActionType { get; init; } = "";
    public string Category { get; init; } = "";
    public string Channel { get; init; } = "";
    public ActionStatus Status { get; init; }
    public bool Allowed { get; init; }
    public IReadOnlyList<string> DenyRules { get; init; } = [];
    public string ModelVersion { get; init; } = "";
    public string FeatureSnapshotHash { get; init; } = "";
    public string ProposedBy { get; init; } = "";
    public DateTimeOffset ProposedAt { get; init; }
    public string? ApprovedBy { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }
    public string? AppliedBy { get; init; }
    public DateTimeOffset? AppliedAt { get; init; }
    public string? UndoneBy { get; init; }
    public DateTimeOffset? UndoneAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The proposal's cost (its scores), counted by the action metrics while the action stays applied.</summary>
    public decimal Cost { get; init; }
    /// <summary>Apply attempts the gate allowed and the executor failed.</summary>
    public int ApplyFailures { get; init; }
    /// <summary>The latest observed outcome (training label), e.g. <c>retained</c>, <c>churned</c>, <c>not_relevant</c>.</summary>
    public string? Outcome { get; init; }
    public double? OutcomeValue { get; init; }
    public DateTimeOffset? OutcomeAt { get; init; }
    /// <summary>Whether <see cref="Outcome"/> is one the action aimed for (see <c>OutcomeKinds.IsSuccess</c>).</summary>
    public bool OutcomeSuccessful { get; init; }

    /// <summary>Every gate decision on this proposal, oldest first.</summary>
    public IReadOnlyList<GateDecisionSummary> Decisions { get; init; } = [];
    /// <summary>Every event of the stream, oldest first, in words.</summary>
    public IReadOnlyList<DecisionTrailEntry> Trail { get; init; } = [];

    public const string GatePath = "actionplane/gate/decision";
    public const string BundleName = "actionplane";

    /// <summary>
    /// The latest decision as an OPA decision-log entry, for export and replay tooling: the masked
    /// entry recorded with the decision, or (for decisions recorded before that) one rebuilt from the
    /// fields above.
    /// </summary>
    public JsonObject ToDecisionLogEntry()
    {
        var entry = Decisions.Count > 0 && Decisions[^1] is { DecisionLog: { } logged } latest && latest.DecisionId == DecisionId
            ? MaskedDecisionLog.Expand(logged, Input, Result)
            : new JsonObject
            {
                ["decision_id"] = DecisionId,
                ["path"] = Path,
                ["input"] = Input.DeepClone(),
                ["result"] = Result.DeepClone(),
                ["bundles"] = new JsonObject { [BundleName] = new JsonObject { ["revision"] = PolicyRevision } },
                ["timestamp"] = Timestamp.UtcDateTime.ToString("O"),
                ["metrics"] = new JsonObject { ["timer_rego_query_eval_ns"] = EvalNanoseconds },
            };
        entry["labels"] = new JsonObject { ["proposal_id"] = Id.ToString(), ["operation"] = Operation };
        return entry;
    }

    /// <summary>Every recorded (masked) decision-log entry of this proposal, oldest first, labelled with the proposal and operation.</summary>
    public IReadOnlyList<JsonObject> DecisionLogEntries() =>
        [.. WithDecisionLogs().Decisions.Where(d => d.DecisionLog is not null).Select(d =>
        {
            var entry = d.DecisionLog!.DeepClone().AsObject();
            entry["labels"] = new JsonObject { ["proposal_id"] = Id.ToString(), ["operation"] = d.Operation };
            return entry;
        })];

    /// <summary>
    /// This record with every decision's whole masked log entry: the latest one is stored without its
    /// input and result (see <see cref="MaskedDecisionLog"/>) and derived here from <see cref="Input"/> and
    /// <see cref="Result"/>, which are that decision's. Readers that hand records out (the decision log, the API) call this.
    /// </summary>
    public DecisionRecord WithDecisionLogs()
    {
        if (Decisions.Count == 0 || Decisions[^1] is not { DecisionLog: { } logged } latest || logged.ContainsKey("input") || latest.DecisionId != DecisionId)
            return this;
        return this with { Decisions = [.. Decisions.Take(Decisions.Count - 1), latest with { DecisionLog = MaskedDecisionLog.Expand(logged, Input, Result) }] };
    }
}

/// <summary>One gate decision in a proposal's history, with its masked OPA-shaped decision-log entry.</summary>
public sealed record GateDecisionSummary(
    string Operation, string DecisionId, bool Allow, IReadOnlyList<string> DenyRules, string Revision, string Actor, DateTimeOffset At,
    JsonObject? DecisionLog = null);

/// <summary>One event of a proposal's stream as a reviewer reads it.</summary>
public sealed record DecisionTrailEntry(long Version, string Type, DateTimeOffset At, string Actor, string Summary);
