using System.Text.Json.Nodes;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Policies;
using Marten;

namespace ActionPlane.Engine.Governance;

/// <summary>
/// Replays a recorded gate decision under another stored policy revision: the recorded input
/// (the <see cref="PolicyEvaluated"/> event's) evaluated by that revision, at the recorded time,
/// compared with what was decided then. Reads only; nothing is appended.
/// </summary>
public sealed class DecisionReplayer(IDocumentStore store, PolicyRevisionStore revisions)
{
    private const string OperationsPath = "actionplane/gate/operations";

    /// <param name="decisionId">Which of the proposal's gate decisions; its latest when null.</param>
    public async Task<ReplayResult> ReplayAsync(Guid proposalId, string revision, string? decisionId = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(revision))
            throw new LifecycleException(LifecycleErrorKind.Invalid, "revision: required; pick one of the stored policy revisions (GET /api/policies/revisions).");
        revision = revision.Trim();

        IReadOnlyList<PolicyEvaluated> evaluations;
        await using (var session = store.QuerySession())
        {
            var events = await session.Events.FetchStreamAsync(proposalId, token: cancellationToken);
            if (events.Count == 0)
                throw new LifecycleException(LifecycleErrorKind.NotFound, $"No proposal {proposalId}.");
            evaluations = [.. events.Select(e => e.Data).OfType<PolicyEvaluated>()];
        }
        var recorded = string.IsNullOrWhiteSpace(decisionId)
            ? evaluations.LastOrDefault()
            : evaluations.FirstOrDefault(e => e.DecisionId == decisionId.Trim());
        if (recorded is null)
            throw new LifecycleException(LifecycleErrorKind.NotFound, decisionId is null
                ? $"Proposal {proposalId} has no recorded gate decision to replay."
                : $"decisionId: proposal {proposalId} has no gate decision '{decisionId}'.");

        var bundle = await revisions.CompileAsync(revision, cancellationToken)
            ?? throw new LifecycleException(LifecycleErrorKind.NotFound, $"revision: no stored policy revision '{revision}'; GET /api/policies/revisions lists them.");
        // The recorded time, so time-dependent rules (business hours, windows) judge the same moment.
        var engine = new EmbeddedPolicyEngine(bundle, new FixedTime(recorded.At));
        var input = (JsonObject)recorded.Input.DeepClone();
        var replayed = await engine.EvaluateGateAsync(input, cancellationToken);
        return ReplayResult.Compare(proposalId, recorded, replayed, await OperationsAsync(engine, input, cancellationToken));
    }

    /// <summary>
    /// The gate operations the revision knows (every stored bundle defines <c>operations</c>, the set
    /// <c>gate.invalid_operation</c> checks), or null when it does not define them or they cannot be read.
    /// </summary>
    private static async Task<IReadOnlyList<string>?> OperationsAsync(EmbeddedPolicyEngine engine, JsonObject input, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.EvaluateAsync(OperationsPath, input, cancellationToken) is JsonArray operations
                ? [.. operations.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()]
                : null;
        }
        catch (PolicyEvaluationException)
        {
            return null;
        }
    }

    private sealed class FixedTime(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}
