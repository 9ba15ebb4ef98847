using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Telemetry;
using Marten;

namespace ActionPlane.Engine.Execution;

/// <summary>
/// Applies proposals through their executor (idempotently, gated at <c>apply</c>) and undoes them
/// with a rollback token (gated at <c>undo</c>). Target-state change and lifecycle event commit in
/// one Marten session, guarded by the stream's expected version.
/// </summary>
public sealed partial class ActionApplier(
    IDocumentStore store,
    PolicyGate gate,
    ActionExecutors executors,
    RollbackTokenKey tokenKey,
    ActionPlaneEngineOptions options)
{
    private const int MaxIdempotencyKeyLength = 200;

    private TimeProvider Clock => options.TimeProvider;

    public async Task<ApplyReceipt> ApplyAsync(Guid proposalId, string idempotencyKey, Actor actor, CancellationToken cancellationToken = default)
    {
        using var activity = ActionPlaneTelemetry.Source.StartActivity("actionplane.apply")?.SetTag("actionplane.proposal_id", proposalId.ToString());
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxIdempotencyKeyLength)
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"idempotencyKey: required, 1 to {MaxIdempotencyKeyLength} characters.");
        ArgumentNullException.ThrowIfNull(actor);

        await using var session = store.LightweightSession();
        var stream = await ProposalStreams.FetchAsync(session, proposalId, cancellationToken);
        var proposal = stream.Aggregate!;
        if (TryReplay(proposal, idempotencyKey, out var replay))
            return replay;
        RefuseUnlessApplicable(proposal);
        // From here to commit, no other apply on this account runs: the gate's cap counts stay true
        // until our ActionApplied is committed. A competing apply of this same proposal that committed
        // before we got the lock still fails our save on the stream's expected version.
        await AccountApplyLock.AcquireAsync(session, options.SchemaName, proposal.AccountId, cancellationToken);
        // With a weekly budget the gate's "spent" must stay true until commit across accounts too.
        if (options.Decisioning.WeeklyBudget is not null)
            await AccountApplyLock.AcquireBudgetAsync(session, options.SchemaName, actor.ActsUnattended, cancellationToken);

        var decision = await ActionPlaneTelemetry.TracePolicyAsync("apply", () => gate.EvaluateAsync(session, GateSubject.Of(proposal), "apply", actor, proposal.Approvals, cancellationToken));
        stream.AppendOne(decision.ToEvent(proposalId));
        if (!decision.Allowed)
        {
            await SaveAsync(session, proposalId, cancellationToken);
            throw new LifecycleException(LifecycleErrorKind.PolicyDenied,
                $"The policy does not allow applying this {proposal.ActionType} now: {string.Join("; ", decision.Decision.Deny.Select(d => d.Message))}",
                decision.Reasons);
        }

        var now = Clock.GetUtcNow();
        ExecutionOutcome outcome;
        try
        {
            outcome = await executors.For(proposal.ActionType).ApplyAsync(proposal.ToExecution(actor.Id, now), session, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not LifecycleException)
        {
            await RecordApplyFailureAsync(proposalId, idempotencyKey, actor, decision, e.Message, cancellationToken);
            throw new LifecycleException(LifecycleErrorKind.Conflict, $"Applying {proposal.ActionType} failed and nothing was changed: {e.Message}", inner: e);
        }

        // The token is bound to the version ActionApplied will have (CurrentVersion already counts the
        // PolicyEvaluated appended above); the expected-version check on save makes it exact.
        var appliedVersion = stream.CurrentVersion!.Value + 1;
        var expires = now.Add(options.RollbackWindow);
        var token = RollbackToken.Issue(tokenKey.Bytes, proposalId, appliedVersion, expires);
        stream.AppendOne(new ActionApplied(proposalId, idempotencyKey, actor.Id, now, outcome.TargetId, token.Id, expires, outcome.Before, outcome.After, outcome.Summary));

        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (ProposalStreams.IsConcurrencyConflict(e))
        {
            // A concurrent apply with the same key is a retry of this request: hand back its receipt.
            var winner = await ProposalStreams.LoadWinnerAsync(store, proposalId, cancellationToken);
            if (winner is not null && TryReplay(winner, idempotencyKey, out var first))
                return first;
            throw ProposalStreams.LostRace(winner, proposalId, e);
        }

        return new ApplyReceipt(proposalId, idempotencyKey, actor.Id, now, outcome.TargetId, outcome.Summary, token, expires, ActionStatus.Applied, Replayed: false);
    }

    private bool TryReplay(ActionLifecycle proposal, string idempotencyKey, out ApplyReceipt receipt)
    {
        receipt = null!;
        if (proposal.Status is not (ActionStatus.Applied or ActionStatus.RolledBack))
            return false;
        if (proposal.IdempotencyKey != idempotencyKey)
            throw new LifecycleException(LifecycleErrorKind.Conflict,
                $"Proposal {proposal.Id} was already applied by {proposal.AppliedBy} at {proposal.AppliedAt:u} with a different idempotency key; it is applied once.");
        // Same key: rebuild the first receipt.
        receipt = Receipt(proposal);
        return true;
    }

    /// <summary>
    /// The receipt of an applied proposal, rollback token included, or null when it is not applied:
    /// how a person undoes an action someone else applied (the autopilot, a colleague). The undo
    /// still checks the token's expiry and binding and gates the person's undo.
    /// </summary>
    public async Task<ApplyReceipt?> AppliedReceiptAsync(Guid proposalId, CancellationToken cancellationToken = default)
    {
        await using var query = store.QuerySession();
        var proposal = await query.LoadAsync<ActionLifecycle>(proposalId, cancellationToken);
        return proposal is { Status: ActionStatus.Applied } ? Receipt(proposal) : null;
    }

    // The token is deterministic given its recorded nonce, so the first receipt can be rebuilt.
    private ApplyReceipt Receipt(ActionLifecycle proposal)
    {
        var token = RollbackToken.Issue(tokenKey.Bytes, proposal.Id, proposal.AppliedVersion!.Value, proposal.RollbackExpiresAt!.Value, proposal.RollbackTokenId);
        return new ApplyReceipt(proposal.Id, proposal.IdempotencyKey!, proposal.AppliedBy!, proposal.AppliedAt!.Value, proposal.TargetId!,
            proposal.AppliedSummary ?? "", token, proposal.RollbackExpiresAt.Value, proposal.Status, Replayed: true);
    }

    private static void RefuseUnlessApplicable(ActionLifecycle proposal)
    {
        if (proposal.Status == ActionStatus.Expired)
            throw ProposalStreams.Expired(proposal);
        if (proposal.Status == ActionStatus.Rejected)
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"Proposal {proposal.Id} was rejected by an approver and cannot be applied.");
        if (proposal.Status == ActionStatus.Proposed)
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"Proposal {proposal.Id} has not been through the policy gate yet.");
    }

    private async Task RecordApplyFailureAsync(Guid proposalId, string idempotencyKey, Actor actor, GateOutcome decision, string reason, CancellationToken cancellationToken)
    {
        // The failed session may hold half-staged target changes; record the failure in a clean one.
        await using var session = store.LightweightSession();
        var stream = await ProposalStreams.FetchAsync(session, proposalId, cancellationToken);
        stream.AppendMany(decision.ToEvent(proposalId), new ActionApplyFailed(proposalId, idempotencyKey, actor.Id, reason, Clock.GetUtcNow()));
        await SaveAsync(session, proposalId, cancellationToken);
    }

    private static async Task SaveAsync(IDocumentSession session, Guid proposalId, CancellationToken cancellationToken)
    {
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (ProposalStreams.IsConcurrencyConflict(e))
        {
            throw ProposalStreams.Conflict(proposalId, e);
        }
    }
}
