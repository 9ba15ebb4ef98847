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

    /// <summary>The gate's input for one candidate, composed from what was loaded (no query per candidate).</summary>
    public JsonObject GateInput(GateSubject subject, Actor actor, string environmentName, DateTimeOffset now,
        IReadOnlySet<string> messageTypes, string policyRevision)
    {
        var user = subject.UserId is null ? null : subject.UserId == Target?.Id ? Target : subject.UserId == Admin?.Id ? Admin : null;
        var history = PolicyInputBuilder.History(subject, Applied, subject.UserId is null ? null : Suppressions.GetValueOrDefault(subject.UserId), now, messageTypes);
        return PolicyInputBuilder.Compose(subject, "propose", actor, [], Account, Score, user, history, environmentName, now, policyRevision);
    }

    /// <param name="loadHistory">False for a single person-chosen action: no targeting or open-proposal lookup needed.</param>
    public static async Task<ProposalContext> LoadAsync(IDocumentSession session, string accountId, string? targetUserId, DateTimeOffset now,
        decimal? weeklyBudget, CancellationToken cancellationToken, bool loadHistory = true)
    {
        if (string.IsNullOrWhiteSpace(accountId))
            throw new LifecycleException(LifecycleErrorKind.Invalid, "accountId: required.");
        var account = await session.LoadAsync<Account>(accountId, cancellationToken)
            ?? throw new LifecycleException(LifecycleErrorKind.NotFound, $"Account '{accountId}' does not exist.");
        var score = await session.LoadAsync<AccountScore>(account.Id, cancellationToken);
        var budget = await WeeklyBudgetReader.ReadAsync(session, now, weeklyBudget, cancellationToken);
        if (!loadHistory)
            return new ProposalContext(account, score, null, null, [], budget);

        var users = await session.Query<EndUser>().Where(u => u.AccountId == account.Id).ToListAsync(cancellationToken);
        var weekAgo = now.AddDays(-7);
        var applied = await session.Query<DecisionRecord>()
            .Where(r => r.AccountId == account.Id && r.AppliedAt != null)
            .ToListAsync(cancellationToken);
        var nudgesPerUser = applied.Where(r => r.UserId != null && r.AppliedAt >= weekAgo).GroupBy(r => r.UserId!).ToDictionary(g => g.Key, g => g.Count());
        var target = CandidatePayloads.PickTargetUser(users, nudgesPerUser);
        var admin = CandidatePayloads.PickAdmin(users);
        if (targetUserId is not null)
        {
            target = admin = users.FirstOrDefault(u => u.Id == targetUserId)
                ?? throw new LifecycleException(LifecycleErrorKind.NotFound, $"userId: user '{targetUserId}' is not a user of account '{account.Id}'.");
        }
        // Proposed: only holdout logs stay there (every other proposal is gated in the same save).
        var open = await session.Query<ActionLifecycle>()
            .Where(p => p.AccountId == account.Id
                && (p.Status == ActionStatus.Allowed || p.Status == ActionStatus.AwaitingApproval || p.Status == ActionStatus.Approved || p.Status == ActionStatus.Proposed))
            .ToListAsync(cancellationToken);
        string[] targeted = [.. new[] { target?.Id, admin?.Id }.OfType<string>().Distinct()];
        var suppressions = targeted.Length == 0 ? [] : await session.LoadManyAsync<NudgeSuppression>(cancellationToken, targeted);
        return new ProposalContext(account, score, target, admin, open, budget)
        {
            Applied = applied,
            Suppressions = suppressions.ToDictionary(s => s.Id),
        };
    }
}
