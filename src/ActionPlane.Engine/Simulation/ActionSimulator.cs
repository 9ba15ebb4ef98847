using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using Marten;

namespace ActionPlane.Engine.Simulation;

/// <summary>Previews a proposal through its executor and the gate, changing no target state; records <see cref="ActionSimulated"/>.</summary>
public sealed class ActionSimulator(IDocumentStore store, PolicyGate gate, ActionExecutors executors, TimeProvider timeProvider)
{
    public async Task<SimulationResult> SimulateAsync(Guid proposalId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var session = store.LightweightSession();
        var stream = await ProposalStreams.FetchAsync(session, proposalId, cancellationToken);
        var proposal = stream.Aggregate!;
        if (proposal.IsClosed)
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"Proposal {proposalId} is {proposal.Status}; only open proposals can be simulated.");

        var now = timeProvider.GetUtcNow();
        var preview = await executors.For(proposal.ActionType).PreviewAsync(proposal.ToExecution(actor.Id, now), session, cancellationToken);
        var gated = await gate.EvaluateAsync(session, GateSubject.Of(proposal), "apply", actor, proposal.Approvals, cancellationToken);
        var d = gated.Decision;
        var requiresApproval = proposal.RequiresApproval || d.RequiresApproval;

        stream.AppendOne(new ActionSimulated(proposalId, actor.Id, preview.Before, preview.After, preview.Summary, d.DecisionId, d.Allow, d.Deny, requiresApproval, now));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (ProposalStreams.IsConcurrencyConflict(e))
        {
            throw ProposalStreams.Conflict(proposalId, e);
        }

        return new SimulationResult(proposalId, proposal.ActionType, preview.Before, preview.After, preview.Summary, d.DecisionId,
            d.Allow, d.Deny, requiresApproval, proposal.Approvals.Count > 0, d.Revision);
    }
}
