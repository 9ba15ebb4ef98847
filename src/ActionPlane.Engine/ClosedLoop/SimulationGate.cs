using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Proposals;
using ActionPlane.Policies;

namespace ActionPlane.Engine.ClosedLoop;

/// <summary>
/// The product's policy gate over the simulation's in-memory state: the input is built by
/// <see cref="PolicyInputBuilder.Compose"/> with the history <see cref="PolicyInputBuilder.History"/>
/// counts from the account's applied decision records, and evaluated by the embedded Rego engine on
/// the repository's bundle. Every input an applied action was allowed on is recorded with the bundle
/// revision, so <see cref="CountViolations"/> can re-check them afterwards.
/// </summary>
public sealed class SimulationGate(IPolicyEngine engine)
{
    /// <summary>The simulated approval desk: consequential actions carry this approval (the same for every strategy).</summary>
    public static readonly Actor Approver = new("sim:approver", ["approver"]);

    /// <summary>
    /// Who proposes and applies in the simulation: a CSM taking the strategy's recommendation with one
    /// click. Not the system actor: the gate's autonomy rules keep unattended applies for action types
    /// with a measured track record, and every strategy must face the same gate.
    /// </summary>
    public static readonly Actor Csm = new("sim:csm", ["csm"]);

    private readonly BundleLimits _limits = new(engine);

    private readonly List<(JsonObject Input, string Revision)> _applied = [];

    public string Revision => engine.Revision;

    public int Evaluations { get; private set; }

    public IReadOnlyList<(JsonObject Input, string Revision)> AppliedInputs => _applied;

    /// <summary>Gates <paramref name="subject"/> for <paramref name="operation"/> at <paramref name="now"/>.</summary>
    public (JsonObject Input, PolicyDecision Decision) Evaluate(SimulatedAccount account, AccountScore score, GateSubject subject, string operation,
        bool approved, DateTimeOffset now)
    {
        var user = subject.UserId is null ? null : account.Users.First(u => u.Id == subject.UserId);
        // The embedded engine completes synchronously; BundleLimits caches per revision.
        var messageTypes = _limits.MessageTypesAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var history = PolicyInputBuilder.History(subject, account.Applied, suppressed: null, now, messageTypes);
        IReadOnlyList<LifecycleApproval> approvals = approved
            ? [new LifecycleApproval(Approver.Id, Approver.Roles, now, ApprovalHash.Of(subject.Payload, engine.Revision))]
            : [];
        var input = PolicyInputBuilder.Compose(subject, operation, Csm, approvals, account.Account, score, user, history, "production", now, engine.Revision);
        Evaluations++;
        // The embedded engine completes synchronously; a fault fails closed inside it.
        var decision = engine.EvaluateGateAsync(input).AsTask().GetAwaiter().GetResult();
        return (input, decision);
    }

    /// <summary>Remembers the input an applied action was allowed on.</summary>
    public void RecordApplied(JsonObject input, string revision) => _applied.Add((input, revision));

    /// <summary>
    /// Re-evaluates every recorded input against the engine of its recorded revision and counts the
    /// denials: an applied action the policy would not allow. A revision with no engine counts as a violation.
    /// </summary>
    public int CountViolations(IReadOnlyDictionary<string, IPolicyEngine> enginesByRevision)
    {
        ArgumentNullException.ThrowIfNull(enginesByRevision);
        var violations = 0;
        foreach (var (input, revision) in _applied)
        {
            if (!enginesByRevision.TryGetValue(revision, out var replay) || !replay.EvaluateGateAsync(input).AsTask().GetAwaiter().GetResult().Allow)
                violations++;
        }
        return violations;
    }

    /// <summary>The gate subject for a candidate payload, with the catalog metadata the policy reasons on.</summary>
    public static GateSubject Subject(Guid proposalId, SimulatedAccount account, ActionDefinition definition, JsonObject payload) =>
        new(proposalId, account.Account.Id, definition.Audience == "user" ? payload["user_id"]?.GetValue<string>() : null,
            definition.Type.Value, payload, GateSubject.EffectiveMetadata(definition, payload));
}
