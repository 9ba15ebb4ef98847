using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Nudges;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using ActionPlane.Policies;
using Marten;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>
/// Builds the one input document the gate evaluates (see notes/policy-input.md): the action, the
/// account with its scores, the target user, recent history from the decision records, the actor,
/// approvals and the environment, with <c>now</c> from the engine's clock.
/// </summary>
public sealed partial class PolicyInputBuilder(ActionPlaneEngineOptions options, BundleLimits limits, IPolicyEngine engine, ActionTypeMetricsCache metrics)
{
    /// <summary>The cached per-type metrics (the autonomy rule's evidence) the inputs carry.</summary>
    public ActionTypeMetricsCache Metrics => metrics;

    public async Task<JsonObject> BuildAsync(
        IQuerySession session,
        GateSubject subject,
        string operation,
        Actor actor,
        IReadOnlyList<LifecycleApproval> approvals,
        CancellationToken cancellationToken)
    {
        var now = options.TimeProvider.GetUtcNow();
        // One round trip for everything the input reads about the account (each query used to be its own).
        var since90 = now.AddDays(-90);
        var batch = session.CreateBatchQuery();
        var accountTask = batch.Load<Account>(subject.AccountId);
        var scoreTask = batch.Load<AccountScore>(subject.AccountId);
        var userTask = subject.UserId is null ? null : batch.Load<EndUser>(subject.UserId);
        var suppressedTask = subject.UserId is null ? null : batch.Load<NudgeSuppression>(subject.UserId);
        var appliedTask = batch.Query<DecisionRecord>()
            .Where(r => r.AccountId == subject.AccountId && r.AppliedAt != null && (r.AppliedAt >= since90 || r.ActionType == subject.ActionType))
            .Select(r => new DecisionRecord { Id = r.Id, AccountId = r.AccountId, ActionType = r.ActionType, Channel = r.Channel, UserId = r.UserId, AppliedAt = r.AppliedAt, UndoneAt = r.UndoneAt })
            .ToList();
        await batch.Execute(cancellationToken);

        var account = await accountTask;
        var user = TargetOf(subject, account, userTask is null ? null : await userTask);
        var suppressed = suppressedTask is null ? null : await suppressedTask;
        var history = History(subject, await appliedTask, suppressed, now, await limits.MessageTypesAsync(cancellationToken));
        var actionTypeMetrics = await metrics.GetAsync(subject.ActionType, now, cancellationToken);
        var input = Compose(subject, operation, actor, approvals, account, await scoreTask, user, history, options.EnvironmentName, now, engine.Revision, actionTypeMetrics);
        if (operation == "apply" && await BudgetAsync(session, subject, now, cancellationToken) is { } budget)
            input["budget"] = budget;
        return input;
    }

    /// <summary>The subject's target user as loaded, after checking that the account exists and the user belongs to it.</summary>
    private static EndUser? TargetOf(GateSubject subject, [NotNull] Account? account, EndUser? user)
    {
        if (account is null)
            throw new LifecycleException(LifecycleErrorKind.NotFound, $"Account '{subject.AccountId}' does not exist.");
        if (subject.UserId is null)
            return null;
        if (user is null)
            throw new LifecycleException(LifecycleErrorKind.NotFound, $"User '{subject.UserId}' does not exist.");
        if (user.AccountId != account.Id)
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"user_id: user '{user.Id}' does not belong to account '{account.Id}'.");
        return user;
    }

    /// <summary>
    /// The weekly budget as it stands before this apply (budget.rego: past it, only a person applies),
    /// or null when no weekly budget is configured or the proposal is unknown (nothing to enforce).
    /// </summary>
    private async Task<JsonObject?> BudgetAsync(IQuerySession session, GateSubject subject, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (options.Decisioning.WeeklyBudget is null || subject.ProposalId is not { } id
            || await session.LoadAsync<ActionLifecycle>(id, cancellationToken) is not { } proposal)
            return null;
        var state = await WeeklyBudgetReader.ReadAsync(session, now, options.Decisioning.WeeklyBudget, cancellationToken);
        return BudgetJson(state, proposal.Scores.Cost);
    }

    /// <summary>The <c>budget</c> part of the apply input: <c>suggest_only</c> when one more action costing <paramref name="cost"/> does not fit.</summary>
    public static JsonObject BudgetJson(Decisioning.BudgetState state, decimal cost)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new JsonObject
        {
            ["iso_week"] = state.IsoWeek,
            ["weekly_budget"] = state.MoneyBudget,
            ["spent"] = state.Spent,
            ["actions_applied"] = state.ActionsApplied,
            ["action_cost"] = cost,
            ["suggest_only"] = !state.CanAfford(cost),
        };
    }

    /// <summary>
    /// The input from already-loaded parts: what <see cref="BuildAsync"/> returns after loading, and
    /// what a caller with in-memory state (the closed-loop simulation) can call, so both gate one
    /// input shape. <paramref name="policyRevision"/> binds approvals (input.action.approval_hash);
    /// <paramref name="actionTypeMetrics"/> is the autonomy rule's evidence (none: no track record).
    /// </summary>
    public static JsonObject Compose(GateSubject subject, string operation, Actor actor, IReadOnlyList<LifecycleApproval> approvals,
        Account account, AccountScore? score, EndUser? user, JsonObject history, string environmentName, DateTimeOffset now,
        string policyRevision = "", JsonObject? actionTypeMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(account);
        return new JsonObject
        {
            ["operation"] = operation,
            ["action"] = new JsonObject
            {
                ["type"] = subject.ActionType,
                ["payload"] = subject.Payload.DeepClone(),
                ["metadata"] = subject.Metadata.DeepClone(),
                // What approvals must have been given for to count (see approvals.rego).
                ["approval_hash"] = ApprovalHash.Of(subject.Payload, policyRevision),
            },
            ["account"] = AccountJson(account, score, now),
            ["user"] = user is null ? null : new JsonObject
            {
                ["id"] = user.Id,
                ["role"] = user.Role,
                ["opted_out"] = user.OptedOut,
                ["muted_categories"] = Strings(user.MutedCategories),
                ["frequency"] = user.Frequency,
            },
            ["history"] = history,
            ["metrics"] = new JsonObject { ["action_type"] = actionTypeMetrics ?? new JsonObject { ["applied"] = 0, ["reversal_rate"] = null, ["error_rate"] = null } },
            ["actor"] = new JsonObject { ["id"] = actor.Id, ["roles"] = Strings(actor.Roles) },
            ["approvals"] = new JsonArray([.. approvals.Select(a => (JsonNode)new JsonObject { ["by"] = a.By, ["roles"] = Strings(a.Roles), ["hash"] = a.Hash })]),
            ["environment"] = new JsonObject { ["name"] = environmentName, ["now"] = Iso(now) },
        };
    }

    private static JsonObject AccountJson(Account account, AccountScore? score, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new JsonObject
        {
            ["id"] = account.Id,
            ["plan"] = account.Plan,
            ["segment"] = account.Segment,
            ["region"] = account.Region,
            ["timezone"] = account.TimeZone,
            ["mrr"] = account.Mrr,
            ["seats"] = account.Seats,
            ["renewal_date"] = account.RenewalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["days_to_renewal"] = account.RenewalDate.DayNumber - today.DayNumber,
            ["environment"] = account.Environment,
            ["consent"] = new JsonObject { ["personalization"] = account.ConsentPersonalization, ["email"] = account.ConsentEmail },
            ["frozen_until"] = account.FrozenUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            // A former customer gets no actions (eligibility.churned); null while the account is a customer.
            ["churned_on"] = account.ChurnedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["churn_probability"] = score?.ChurnProbability,
            ["risk_tier"] = score?.Tier.ToString().ToLowerInvariant(),
        };
    }

    // History comes from the decision records of applied actions (event-derived); every count the
    // caps read is computed in History and nowhere else.
    /// <summary>
    /// The <c>history</c> part of the input from the account's applied decision records (at least
    /// those of the last 90 days and those of the same action type), the user's suppressions and the
    /// bundle's <c>limits.message_types</c>. Pure, so a simulation counts caps exactly as the product
    /// does. The proposal being decided is excluded: undoing an action must not count itself. Undone
    /// actions still count towards contact caps (the user may have seen them) but not towards the
    /// cooldown or the discount limit: they did not stay in effect.
    /// </summary>
    public static JsonObject History(GateSubject subject, IEnumerable<DecisionRecord> applied, NudgeSuppression? suppressed, DateTimeOffset now,
        IReadOnlySet<string> messageTypes)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(messageTypes);
        var since90 = now.AddDays(-90);
        var since7 = now.AddDays(-7);
        var excluded = subject.ProposalId ?? Guid.Empty;
        var mine = applied.Where(r => r.AccountId == subject.AccountId && r.AppliedAt != null && r.Id != excluded).ToList();
        var recent = mine.Where(r => r.AppliedAt >= since90).ToList();
        var week = recent.Where(r => r.AppliedAt >= since7).ToList();
        var last = mine
            .Where(r => r.ActionType == subject.ActionType && r.UndoneAt == null && (subject.UserId is null || r.UserId == subject.UserId))
            .Max(r => r.AppliedAt);
        var channels = new JsonObject();
        foreach (var group in week.GroupBy(r => r.Channel).OrderBy(g => g.Key, StringComparer.Ordinal))
            channels[group.Key] = group.Count();

        return new JsonObject
        {
            ["nudges_user_7d"] = subject.UserId is null ? 0 : week.Count(r => r.UserId == subject.UserId),
            ["nudges_account_7d"] = week.Count(r => r.UserId is not null),
            // Messages across channels, counted as the bundle's limits.message_types defines them.
            ["messages_account_7d"] = week.Count(r => messageTypes.Contains(r.ActionType) || r.Channel == "email"),
            // Per channel, across all users and CSMs of the account (limits.channel_caps_per_account_week).
            ["channels_account_7d"] = channels,
            // A discount that was undone never reached an invoice, so it does not count against the cap.
            ["discounts_account_90d"] = recent.Count(r => r.ActionType == "offer_discount" && r.UndoneAt is null),
            ["days_since_same_action"] = last is { } at ? (int)Math.Floor((now - at).TotalDays) : null,
            ["suppressions"] = new JsonArray([.. (suppressed?.ActiveAt(now) ?? []).Select(e => (JsonNode)new JsonObject
            {
                ["scope"] = e.Scope, ["value"] = e.Value, ["until"] = Iso(e.Until),
            })]),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    internal static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
