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
        var replayed = await engine.EvaluateGateAsync((JsonObject)recorded.Input.DeepClone(), cancellationToken);
        return ReplayResult.Compare(proposalId, recorded, replayed);
    }

    private sealed class FixedTime(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}
