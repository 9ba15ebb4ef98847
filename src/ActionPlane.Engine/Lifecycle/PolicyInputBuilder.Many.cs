using System.Text.Json.Nodes;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Nudges;
using ActionPlane.Engine.Proposals;
using Marten;

namespace ActionPlane.Engine.Lifecycle;

public sealed partial class PolicyInputBuilder
{
    /// <summary>
    /// The inputs for several proposals at once, by proposal id, each as <see cref="BuildAsync"/> builds it, from one
    /// round trip for all their accounts, scores, users, suppressions and applied history (and, at apply with a weekly
    /// budget, one read of the tenant's spend): a page that shows the gate's verdict on every row must not query per row.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, JsonObject>> BuildManyAsync(
        IQuerySession session,
        IReadOnlyList<ActionLifecycle> proposals,
        string operation,
        Actor actor,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        if (proposals.Count == 0)
            return new Dictionary<Guid, JsonObject>();
        var now = options.TimeProvider.GetUtcNow();
        var since90 = now.AddDays(-90);
        var accountIds = proposals.Select(p => p.AccountId).Distinct(StringComparer.Ordinal).ToArray();
        var userIds = proposals.Select(p => p.UserId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var types = proposals.Select(p => p.ActionType).Distinct(StringComparer.Ordinal).ToArray();

        var batch = session.CreateBatchQuery();
        var accountsTask = batch.LoadMany<Account>().ById(accountIds);
        var scoresTask = batch.LoadMany<AccountScore>().ById(accountIds);
        var usersTask = userIds.Length == 0 ? null : batch.LoadMany<EndUser>().ById(userIds);
        var suppressedTask = userIds.Length == 0 ? null : batch.LoadMany<NudgeSuppression>().ById(userIds);
        // The single build's filter for every proposal at once: the last 90 days, and older records of the same types (cooldowns).
        var appliedTask = batch.Query<DecisionRecord>()
            .Where(r => r.AccountId.IsOneOf(accountIds) && r.AppliedAt != null && (r.AppliedAt >= since90 || r.ActionType.IsOneOf(types)))
            .Select(r => new DecisionRecord { Id = r.Id, AccountId = r.AccountId, ActionType = r.ActionType, Channel = r.Channel, UserId = r.UserId, AppliedAt = r.AppliedAt, UndoneAt = r.UndoneAt })
            .ToList();
        await batch.Execute(cancellationToken);

        var accounts = (await accountsTask).ToDictionary(a => a.Id, StringComparer.Ordinal);
        var scores = (await scoresTask).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var users = usersTask is null ? [] : (await usersTask).ToDictionary(u => u.Id, StringComparer.Ordinal);
        var suppressions = suppressedTask is null ? [] : (await suppressedTask).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var applied = (await appliedTask).ToLookup(r => r.AccountId, StringComparer.Ordinal);
        var messageTypes = await limits.MessageTypesAsync(cancellationToken);
        var budget = operation == "apply" && options.Decisioning.WeeklyBudget is not null
            ? await WeeklyBudgetReader.ReadAsync(session, now, options.Decisioning.WeeklyBudget, cancellationToken)
            : null;

        var inputs = new Dictionary<Guid, JsonObject>(proposals.Count);
        foreach (var proposal in proposals)
        {
            var subject = GateSubject.Of(proposal);
            var account = accounts.GetValueOrDefault(subject.AccountId);
            var user = TargetOf(subject, account, subject.UserId is null ? null : users.GetValueOrDefault(subject.UserId));
            var suppressed = subject.UserId is null ? null : suppressions.GetValueOrDefault(subject.UserId);
            var history = History(subject, applied[subject.AccountId], suppressed, now, messageTypes);
            var actionTypeMetrics = await metrics.GetAsync(subject.ActionType, now, cancellationToken);
            var input = Compose(subject, operation, actor, proposal.Approvals, account, scores.GetValueOrDefault(subject.AccountId), user, history,
                options.EnvironmentName, now, engine.Revision, actionTypeMetrics);
            if (budget is not null)
                input["budget"] = BudgetJson(budget, proposal.Scores.Cost);
            inputs[proposal.Id] = input;
        }
        return inputs;
    }
}
