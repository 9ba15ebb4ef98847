using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Proposals;
using ActionPlane.Policies;
using Marten;

namespace ActionPlane.Web.Features.Accounts;

/// <summary>Loads an <see cref="Account360"/> in one short-lived session.</summary>
public sealed class Account360Service(IDocumentStore store, ActionApplier applier, PolicyGate gate, ActionCatalog catalog, TimeProvider time)
{
    private const int SignalDays = 90;
    private const int DecisionLimit = 50;
    // The probe for "would the policy let a new action through?": the CSM's own outreach task contacts no user and
    // costs no discount, so what denies it is the account's standing (and the CSM channel's caps), not a payload.
    private const string ProbeActionType = "csm_outreach";

    /// <summary>The account's 360, or null when no account has this id.</summary>
    /// <param name="actor">Who is looking: a former customer's 360 shows the gate's verdict on a new action by them.</param>
    public async Task<Account360?> LoadAsync(string accountId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var account = await session.LoadAsync<Account>(accountId, cancellationToken);
        if (account is null)
            return null;
        var score = await session.LoadAsync<AccountScore>(accountId, cancellationToken);
        var usage = await session.Query<UsageDay>().Where(u => u.AccountId == accountId)
            .OrderByDescending(u => u.Day).Take(SignalDays).ToListAsync(cancellationToken);
        // The window ends at the newest usage day, so seeded demo data and live data read the same way.
        var since = usage.Count > 0 ? usage[^1].Day : DateOnly.MinValue;
        var tickets = await session.Query<SupportTicket>().Where(t => t.AccountId == accountId && t.OpenedOn >= since)
            .OrderByDescending(t => t.OpenedOn).ToListAsync(cancellationToken);
        var billing = await session.Query<BillingChange>().Where(b => b.AccountId == accountId && b.On >= since)
            .OrderByDescending(b => b.On).ToListAsync(cancellationToken);
        var decisions = await session.Query<DecisionRecord>().Where(r => r.AccountId == accountId)
            .OrderByDescending(r => r.UpdatedAt).Take(DecisionLimit).ToListAsync(cancellationToken);
        var open = decisions.Where(d => Account360.IsOpen(d.Status)).ToList();
        var proposals = open.Count == 0 ? [] : await session.LoadManyAsync<ActionLifecycle>(cancellationToken, open.Select(d => d.Id).ToArray());
        return new Account360(account, score, [.. usage.OrderBy(u => u.Day)], tickets, billing,
            open,
            [.. decisions.Where(d => !Account360.IsOpen(d.Status))])
        {
            Traces = proposals.Where(p => p.Explanation.Trace is not null).ToDictionary(p => p.Id, p => p.Explanation.Trace!),
            NewActionVerdict = account.ChurnedOn is { } churnedOn ? await NewActionVerdictAsync(session, account.Id, churnedOn, actor, cancellationToken) : null,
        };
    }

    /// <summary>
    /// What the gate answers now, for <paramref name="actor"/>, to a new CSM outreach on a former customer: the page
    /// states the refusal in the policy's own rule and words rather than its own (a revision without the churn rule
    /// would say allowed, and the page with it). Nothing is recorded.
    /// </summary>
    private async Task<PolicyDecision?> NewActionVerdictAsync(IQuerySession session, string accountId, DateOnly churnedOn, Actor actor, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(ProbeActionType, out var definition))
            return null;
        var payload = new JsonObject
        {
            ["account_id"] = accountId,
            ["csm"] = actor.Id,
            ["reason"] = $"Former customer since {churnedOn:yyyy-MM-dd}",
            ["due_date"] = time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["priority"] = "normal",
        };
        var subject = new GateSubject(null, accountId, null, ProbeActionType, payload, GateSubject.EffectiveMetadata(definition, payload));
        return (await gate.EvaluateAsync(session, subject, "propose", actor, [], cancellationToken)).Decision;
    }

    /// <summary>
    /// Undoes an applied action from the account's history (one the autopilot applied: no receipt was
    /// shown to anyone; or any of a former customer's, which the console lists no cards for) with its own
    /// rollback token; the undo is gated and checked like any other.
    /// </summary>
    public async Task<UndoReceipt> UndoAsync(Guid proposalId, Actor actor, CancellationToken cancellationToken = default)
    {
        var receipt = await applier.AppliedReceiptAsync(proposalId, cancellationToken)
            ?? throw new LifecycleException(LifecycleErrorKind.Invalid, $"Proposal {proposalId} is not applied; there is nothing to undo.");
        return await applier.UndoAsync(proposalId, receipt.RollbackToken.ToString(), actor, cancellationToken);
    }
}
