using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Proposals;
using Marten;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>
/// Edits the payload of an open proposal: re-validated against its schema, recorded as
/// <see cref="ProposalEdited"/>, and re-gated at <c>propose</c> in the same save. Approvals given
/// for the old payload stop counting because their hash no longer matches.
/// </summary>
public sealed class ProposalEditor(IDocumentStore store, PolicyGate gate, ActionCatalog catalog, TimeProvider timeProvider)
{
    public async Task<ProposalEditResult> EditPayloadAsync(Guid proposalId, JsonObject? payload, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (payload is null)
            throw new LifecycleException(LifecycleErrorKind.Invalid, "payload: required, a JSON object matching the action type's schema.");

        await using var session = store.LightweightSession();
        var stream = await ProposalStreams.FetchAsync(session, proposalId, cancellationToken);
        var proposal = stream.Aggregate!;
        if (proposal.Status == ActionStatus.Expired)
            throw ProposalStreams.Expired(proposal);
        if (proposal.IsClosed)
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"Proposal {proposalId} is {proposal.Status}; only open proposals can be edited.");
        var errors = catalog.Validate(proposal.ActionType, payload);
        if (errors.Count > 0)
            throw new LifecycleException(LifecycleErrorKind.Invalid,
                $"payload: does not match the {proposal.ActionType} schema; nothing was changed.", [.. errors.Select(e => e.Message)]);
        if (ApprovalHash.Of(payload, "") == ApprovalHash.Of(proposal.Payload, ""))
            return new ProposalEditResult(proposalId, Changed: false, proposal.Status, proposal.ProposeDeny.Count == 0, [], proposal.RequiresApproval);

        var definition = catalog.Get(new ActionTypeId(proposal.ActionType));
        var edited = payload.DeepClone().AsObject();
        var metadata = GateSubject.EffectiveMetadata(definition, edited);
        stream.AppendOne(new ProposalEdited(proposalId, edited, metadata, proposal.Payload.DeepClone().AsObject(), actor.Id, timeProvider.GetUtcNow()));
        var subject = new GateSubject(proposal.Id, proposal.AccountId, proposal.UserId, proposal.ActionType, edited, metadata);
        var decision = await gate.EvaluateAsync(session, subject, "propose", actor, proposal.Approvals, cancellationToken);
        stream.AppendOne(decision.ToEvent(proposalId));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (ProposalStreams.IsConcurrencyConflict(e))
        {
            throw await ProposalStreams.LostRaceAsync(store, proposalId, e, cancellationToken);
        }
        var status = decision.Allowed ? ActionStatus.Allowed : ActionStatus.Denied;
        return new ProposalEditResult(proposalId, Changed: true, status, decision.Allowed, decision.Reasons, decision.Decision.RequiresApproval || proposal.Consequential);
    }
}

/// <summary>The proposal after an edit: its status, the new gate verdict, and whether it (again) needs approval.</summary>
public sealed record ProposalEditResult(Guid ProposalId, bool Changed, ActionStatus Status, bool Allowed, IReadOnlyList<string> Reasons, bool RequiresApproval);
