using System.Linq.Expressions;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Nudges;
using Marten;

namespace ActionPlane.Engine.Proposals;

/// <summary>
/// Everything one proposal run reads about an account, loaded once: the account, its scores, its
/// users and whom to target, its open proposals, and the tenant's weekly budget.
/// </summary>
internal sealed record ProposalContext(
    Account Account, AccountScore? Score, EndUser? Target, EndUser? Admin, IReadOnlyList<ActionLifecycle> Open, BudgetState Budget)
{
    /// <summary>The account's applied actions (every one, so cooldowns older than 90 days still count).</summary>
    public IReadOnlyList<DecisionRecord> Applied { get; init; } = [];
    /// <summary>"Not relevant" suppressions of the users candidates may target, by user id.</summary>
    public IReadOnlyDictionary<string, NudgeSuppression> Suppressions { get; init; } = new Dictionary<string, NudgeSuppression>();
    /// <summary>A "no action" decision whose outcome is still to come is on record (logged once, like an open proposal).</summary>
    public bool OpenNoAction { get; init; }
    /// <summary>The account has open proposals past the TTL: they must lapse before this run decides (read in the same round trip).</summary>
    public bool HasLapsed { get; init; }

    /// <summary>The gate's input for one candidate, composed from what was loaded (no query per candidate).</summary>
    public JsonObject GateInput(GateSubject subject, Actor actor, string environmentName, DateTimeOffset now,
        IReadOnlySet<string> messageTypes, string policyRevision, JsonObject? actionTypeMetrics = null)
    {
        var user = subject.UserId is null ? null : subject.UserId == Target?.Id ? Target : subject.UserId == Admin?.Id ? Admin : null;
        var history = PolicyInputBuilder.History(subject, Applied, subject.UserId is null ? null : Suppressions.GetValueOrDefault(subject.UserId), now, messageTypes);
        return PolicyInputBuilder.Compose(subject, "propose", actor, [], Account, Score, user, history, environmentName, now, policyRevision, actionTypeMetrics);
    }

    /// <summary>The account's applied decisions (the partial index <see cref="Storage.ActionPlaneStore.AppliedByAccountIndex"/> holds only those).</summary>
    internal static Expression<Func<DecisionRecord, bool>> AppliedOf(string accountId) => r => r.AccountId == accountId && r.AppliedAt != null;

    /// <summary>The account's open proposals, and its holdout logs still current at <paramref name="current"/>.</summary>
    internal static Expression<Func<ActionLifecycle, bool>> OpenOf(string accountId, DateTimeOffset current) => p => p.AccountId == accountId
        && (p.Status == ActionStatus.Allowed || p.Status == ActionStatus.AwaitingApproval || p.Status == ActionStatus.Approved
            || (p.Status == ActionStatus.Proposed && p.ProposedAt > current));

    /// <param name="loadHistory">False for a single person-chosen action: no targeting or open-proposal lookup needed.</param>
    /// <param name="proposalTtl">How long a decision stays current: a holdout log or a "no action" decision older than this no longer stands for the account's decision.</param>
    public static async Task<ProposalContext> LoadAsync(IDocumentSession session, string accountId, string? targetUserId, DateTimeOffset now,
        decimal? weeklyBudget, TimeSpan proposalTtl, CancellationToken cancellationToken, bool loadHistory = true)
    {
        if (string.IsNullOrWhiteSpace(accountId))
            throw new LifecycleException(LifecycleErrorKind.Invalid, "accountId: required.");
        // Everything about the account in one round trip; only the tenant's weekly spend (when a budget
        // is set) is a query of its own.
        var batch = session.CreateBatchQuery();
        var accountTask = batch.Load<Account>(accountId);
        var scoreTask = batch.Load<AccountScore>(accountId);
        Task<IReadOnlyList<EndUser>>? usersTask = null;
        Task<IReadOnlyList<DecisionRecord>>? appliedTask = null;
        Task<IReadOnlyList<ActionLifecycle>>? openTask = null;
        Task<IReadOnlyList<NudgeSuppression>>? suppressionsTask = null;
        Task<IReadOnlyList<Guid>>? openNoActionTask = null;
        Task<IReadOnlyList<Guid>>? lapsedTask = null;
        if (loadHistory)
        {
            usersTask = batch.Query<EndUser>().Where(u => u.AccountId == accountId).ToList();
            // Only what the caps and targeting read: a record's input, decisions and trail stay in the database.
            appliedTask = batch.Query<DecisionRecord>()
                .Where(AppliedOf(accountId))
                .Select(r => new DecisionRecord { Id = r.Id, AccountId = r.AccountId, ActionType = r.ActionType, Channel = r.Channel, UserId = r.UserId, AppliedAt = r.AppliedAt, UndoneAt = r.UndoneAt })
                .ToList();
            // Proposed: only holdout logs stay there (every other proposal is gated in the same save). Open proposals
            // past the TTL were expired before this load; holdout logs and "no action" decisions never expire (they are
            // records, not work), so past the TTL they simply stop standing in for this week's decision.
            var current = now - proposalTtl;
            openTask = batch.Query<ActionLifecycle>().Where(OpenOf(accountId, current)).ToList();
            suppressionsTask = batch.Query<NudgeSuppression>().Where(s => s.AccountId == accountId).ToList();
            // These two read the (few) matching ids rather than asking Any(): with Any's LIMIT 1 the planner may walk the
            // whole week's records by ProposedAt alone, hoping for an early match (it did, at ~19,000 buffers a propose,
            // when the table's statistics lagged the week's inserts), instead of the account's index.
            openNoActionTask = batch.Query<DecisionRecord>()
                .Where(r => r.AccountId == accountId && r.ActionType == NoActionDecided.ActionType && r.Outcome == null && r.ProposedAt > current)
                .Select(r => r.Id).ToList();
            lapsedTask = batch.Query<ActionLifecycle>().Where(p => p.AccountId == accountId).Where(ProposalExpirer.Lapsed(current)).Select(p => p.Id).ToList();
        }
        await batch.Execute(cancellationToken);

        var account = await accountTask
            ?? throw new LifecycleException(LifecycleErrorKind.NotFound, $"Account '{accountId}' does not exist.");
        // The policy denies every step on a churned account (eligibility.churned); refusing here, in the policy's
        // words, saves gating each candidate only to deny them all.
        if (account.ChurnedOn is { } churnedOn)
            throw new LifecycleException(LifecycleErrorKind.Conflict, $"Account {account.Id} churned on {churnedOn:yyyy-MM-dd}: former customers get no actions.");
        var score = await scoreTask;
        var budget = await WeeklyBudgetReader.ReadAsync(session, now, weeklyBudget, cancellationToken);
        if (!loadHistory)
            return new ProposalContext(account, score, null, null, [], budget);

        var users = await usersTask!;
        var weekAgo = now.AddDays(-7);
        var applied = await appliedTask!;
        var nudgesPerUser = applied.Where(r => r.UserId != null && r.AppliedAt >= weekAgo).GroupBy(r => r.UserId!).ToDictionary(g => g.Key, g => g.Count());
        var target = CandidatePayloads.PickTargetUser(users, nudgesPerUser);
        var admin = CandidatePayloads.PickAdmin(users);
        if (targetUserId is not null)
        {
            target = admin = users.FirstOrDefault(u => u.Id == targetUserId)
                ?? throw new LifecycleException(LifecycleErrorKind.NotFound, $"userId: user '{targetUserId}' is not a user of account '{account.Id}'.");
        }
        return new ProposalContext(account, score, target, admin, await openTask!, budget)
        {
            Applied = applied,
            Suppressions = (await suppressionsTask!).ToDictionary(s => s.Id),
            OpenNoAction = (await openNoActionTask!).Count > 0,
            HasLapsed = (await lapsedTask!).Count > 0,
        };
    }
}
