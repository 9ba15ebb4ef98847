using System.Text.Json.Nodes;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Simulation;
using ActionPlane.Engine.Lifecycle;
using Marten;

namespace ActionPlane.Web.Features.Csm;

/// <summary>
/// What the CSM console does, over the Engine's services; each call opens its own short-lived
/// session, because a Blazor Server scope lives as long as the circuit.
/// </summary>
public sealed class CsmConsoleService(
    IDocumentStore store,
    NextBestActionEngine engine,
    ActionSimulator simulator,
    ActionApprover approver,
    ActionApplier applier,
    PolicyGate gate)
{
    /// <summary>
    /// Scored accounts, riskiest first; only one tier when <paramref name="tier"/> is set. Customers only, unless
    /// <paramref name="churned"/>: then only the accounts that churned (the portfolio's former customers).
    /// </summary>
    public async Task<IReadOnlyList<AccountRow>> GetAccountsAsync(RiskTier? tier, bool churned = false, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        IQueryable<AccountScore> scores = session.Query<AccountScore>();
        if (tier is { } t)
            scores = scores.Where(s => s.Tier == t);
        var scored = await scores.ToListAsync(cancellationToken);
        var accounts = (await session.LoadManyAsync<Account>(cancellationToken, scored.Select(s => s.Id).ToArray()))
            .ToDictionary(a => a.Id);
        return scored
            .Where(s => accounts.TryGetValue(s.Id, out var a) && (a.ChurnedOn is not null) == churned)
            .Select(s =>
            {
                var a = accounts[s.Id];
                return new AccountRow(a.Id, a.Name, a.Plan, a.Segment, a.Mrr, a.RenewalDate, s.ChurnProbability, s.Tier, s.Drivers, s.ModelVersion) { ChurnedOn = a.ChurnedOn };
            })
            .OrderByDescending(r => r.ChurnProbability)
            .ToList();
    }

    /// <summary>Daily active users of each account over the 30 days up to its latest usage day, oldest first.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<int>>> GetActiveUsersAsync(IReadOnlyList<string> accountIds, CancellationToken cancellationToken = default)
    {
        if (accountIds.Count == 0)
            return new Dictionary<string, IReadOnlyList<int>>();
        await using var session = store.QuerySession();
        var ids = accountIds.ToArray();
        // Anchored on the newest recorded day rather than the wall clock, so demo data seeded earlier still shows a trend.
        var latest = await session.Query<UsageDay>().Where(u => u.AccountId.IsOneOf(ids)).OrderByDescending(u => u.Day).Select(u => u.Day).FirstOrDefaultAsync(cancellationToken);
        var since = latest.AddDays(-29);
        var days = await session.Query<UsageDay>().Where(u => u.AccountId.IsOneOf(ids) && u.Day >= since).ToListAsync(cancellationToken);
        return days.GroupBy(d => d.AccountId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.OrderBy(d => d.Day).Select(d => d.ActiveUsers)]);
    }

    /// <summary>The account's users a user-facing action can go to (not opted out), by name.</summary>
    public async Task<IReadOnlyList<EndUser>> GetUsersAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var users = await session.Query<EndUser>().Where(u => u.AccountId == accountId).ToListAsync(cancellationToken);
        return [.. users.Where(u => !u.OptedOut).OrderBy(u => u.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The same action for another user of the account: a new proposal (schema-checked and gated
    /// like any other), because the gate's verdict depends on who receives it.
    /// </summary>
    public Task<ProposalView> RetargetAsync(ProposalView proposal, string userId, Actor actor, CancellationToken cancellationToken = default)
    {
        var payload = (JsonObject)proposal.Payload.DeepClone();
        payload["user_id"] = userId;
        return engine.ProposeActionAsync(proposal.AccountId, proposal.ActionType, payload, actor, cancellationToken);
    }

    public Task<ProposalBatch> SuggestAsync(string accountId, Actor actor, CancellationToken cancellationToken = default) =>
        engine.ProposeAsync(accountId, actor, cancellationToken);

    /// <summary>
    /// The open proposals of a former customer (nothing new is proposed for it), each with the gate's verdict at apply as
    /// it stands now (eligibility.churned): the card shows why instead of an Apply button that would fail. Nothing is recorded;
    /// the verdicts' inputs are loaded in one round trip (<see cref="PolicyGate.PreviewAsync"/>, which the approvals page shares).
    /// </summary>
    public async Task<IReadOnlyList<ProposalView>> FormerCustomerQueueAsync(string accountId, Actor actor, CancellationToken cancellationToken = default)
    {
        var open = await engine.ListOpenAsync(accountId, cancellationToken);
        await using var session = store.QuerySession();
        var proposals = await session.LoadManyAsync<ActionLifecycle>(cancellationToken, open.Select(v => v.ProposalId));
        var verdicts = await gate.PreviewAsync(session, proposals, "apply", actor, cancellationToken);
        return [.. open.Where(v => verdicts.ContainsKey(v.ProposalId))
            .Select(v => v with { Allowed = verdicts[v.ProposalId].Allow, Deny = verdicts[v.ProposalId].Deny })];
    }

    public Task<SimulationResult> SimulateAsync(Guid proposalId, Actor actor, CancellationToken cancellationToken = default) =>
        simulator.SimulateAsync(proposalId, actor, cancellationToken);

    public Task RequestApprovalAsync(Guid proposalId, Actor actor, CancellationToken cancellationToken = default) =>
        approver.RequestApprovalAsync(proposalId, actor, null, cancellationToken);

    /// <summary>
    /// Applies with an idempotency key per confirmed click, so a retried request (e.g. after a
    /// dropped connection) cannot apply twice.
    /// </summary>
    public Task<ApplyReceipt> ApplyAsync(Guid proposalId, string idempotencyKey, Actor actor, CancellationToken cancellationToken = default) =>
        applier.ApplyAsync(proposalId, idempotencyKey, actor, cancellationToken);

    public Task<UndoReceipt> UndoAsync(Guid proposalId, RollbackToken token, Actor actor, CancellationToken cancellationToken = default) =>
        applier.UndoAsync(proposalId, token.ToString(), actor, cancellationToken);

    /// <summary>The proposal's current status, for refreshing one card after a step.</summary>
    public async Task<ActionStatus?> GetStatusAsync(Guid proposalId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<ActionLifecycle>(proposalId, cancellationToken))?.Status;
    }
}
