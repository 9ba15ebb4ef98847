using System.Text.Json.Nodes;
using ActionPlane.Engine.Proposals;
using ActionPlane.Policies;
using ActionPlane.Policies.DecisionLogs;
using Marten;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>
/// Builds the input, asks the policy engine, writes the masked OPA-shaped decision-log entry, and
/// turns the answer into a <see cref="PolicyEvaluated"/> event.
/// </summary>
public sealed class PolicyGate(IPolicyEngine engine, PolicyInputBuilder inputBuilder, DecisionLogger decisionLogger, TimeProvider timeProvider)
{
    /// <summary>The active bundle revision (what approvals made now are bound to).</summary>
    public string Revision => engine.Revision;

    /// <summary>The action type's metrics as the gate input carries them (cached; see <see cref="ActionTypeMetricsCache"/>).</summary>
    public ValueTask<JsonObject> ActionTypeMetricsAsync(string actionType, DateTimeOffset now, CancellationToken cancellationToken) =>
        inputBuilder.Metrics.GetAsync(actionType, now, cancellationToken);

    public async Task<GateOutcome> EvaluateAsync(
        IQuerySession session,
        GateSubject subject,
        string operation,
        Actor actor,
        IReadOnlyList<LifecycleApproval> approvals,
        CancellationToken cancellationToken)
    {
        var input = await inputBuilder.BuildAsync(session, subject, operation, actor, approvals, cancellationToken);
        return await EvaluateInputAsync(input, operation, actor, cancellationToken);
    }

    /// <summary>
    /// Gates an input already composed (<see cref="PolicyInputBuilder.Compose"/>): the proposal engine
    /// loads an account's state once and gates every candidate on it, instead of querying per candidate.
    /// </summary>
    public async Task<GateOutcome> EvaluateInputAsync(JsonObject input, string operation, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var decision = await DecideAsync(input, cancellationToken);
        var log = await LogEntryAsync(decision, input, cancellationToken);
        return new GateOutcome(operation, input, decision, actor.Id, timeProvider.GetUtcNow(), log.ToJsonObject());
    }

    /// <summary>
    /// The gate's verdict now on each proposal at <paramref name="operation"/>, by proposal id, for a page that shows it
    /// before anyone acts (the CSM console's Apply, the approvals page's Approve): the button is disabled with the
    /// reason instead of failing. The inputs come from one round trip for all of them
    /// (<see cref="PolicyInputBuilder.BuildManyAsync"/>); nothing is recorded or logged.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, PolicyDecision>> PreviewAsync(
        IQuerySession session,
        IReadOnlyList<ActionLifecycle> proposals,
        string operation,
        Actor actor,
        CancellationToken cancellationToken)
    {
        var inputs = await inputBuilder.BuildManyAsync(session, proposals, operation, actor, cancellationToken);
        var verdicts = new Dictionary<Guid, PolicyDecision>(inputs.Count);
        foreach (var (id, input) in inputs)
            verdicts[id] = await DecideAsync(input, cancellationToken);
        return verdicts;
    }

    private async Task<PolicyDecision> DecideAsync(JsonObject input, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.EvaluateGateAsync(input, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The engine promises not to throw for policy errors; anything else still fails closed.
            return PolicyDecision.FailClosed(Guid.NewGuid().ToString(), engine.Revision, e.Message);
        }
    }

    private async Task<DecisionLogEntry> LogEntryAsync(PolicyDecision decision, JsonObject input, CancellationToken cancellationToken)
    {
        try
        {
            return await decisionLogger.CreateEntryAsync(decision, input, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The logger erases the input itself when the mask policy fails; this covers the engine
            // failing outright. The decision is still recorded, without the input: an unmasked copy
            // must not reach the log because masking broke.
            return DecisionLogEntry.FromDecision(decision, [], timeProvider.GetUtcNow()) with
            {
                Input = null, Erased = ["/input"], MaskError = e.Message,
            };
        }
    }
}

/// <summary>One gate decision with the exact input it was made on, and its masked decision-log entry (OPA's shape).</summary>
public sealed record GateOutcome(string Operation, JsonObject Input, PolicyDecision Decision, string Actor, DateTimeOffset At, JsonObject? DecisionLog = null)
{
    public bool Allowed => Decision.Allow;

    public IReadOnlyList<string> Reasons => Decision.Deny.Select(d => $"{d.Rule}: {d.Message}").ToArray();

    /// <summary>The gate's answer in the bundle's own shape (<c>allow</c>, <c>deny</c>, <c>requires_approval</c>, <c>obligations</c>).</summary>
    public JsonObject Result()
    {
        var result = new JsonObject
        {
            ["allow"] = Decision.Allow,
            ["deny"] = new JsonArray([.. Decision.Deny.Select(d => (JsonNode)new JsonObject { ["rule"] = d.Rule, ["message"] = d.Message })]),
            ["requires_approval"] = Decision.RequiresApproval,
            ["obligations"] = Decision.Obligations.DeepClone(),
        };
        if (Decision.Error is not null)
            result["error"] = Decision.Error;
        return result;
    }

    public PolicyEvaluated ToEvent(Guid proposalId)
    {
        var result = Result();
        return new(proposalId, Operation, Decision.DecisionId, Decision.Allow, Decision.Deny, Decision.RequiresApproval,
            Decision.Revision, Input, result, Decision.EvaluationNanoseconds, Actor, At, Decision.Error,
            DecisionLog is null ? null : MaskedDecisionLog.Compact(DecisionLog, Input, result));
    }
}
