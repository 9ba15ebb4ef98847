using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Outcomes;
using Marten;

namespace ActionPlane.Engine.Nudges;

/// <summary>
/// The end user's side of in-app actions: their active nudges, "shown" receipts, and dismissals.
/// "Not relevant" is recorded on the proposal's stream as a dismissal and a negative label
/// (<see cref="OutcomeObserved"/> <c>not_relevant</c>), and suppresses the action type or its
/// category for the user for <c>limits.suppression_days</c>; the user can take it back.
/// </summary>
public sealed class NudgeService(IDocumentStore store, TimeProvider timeProvider, BundleLimits limits)
{
    public const string NotRelevant = "not_relevant";
    public const string Later = "later";
    private static readonly string[] s_kinds = [NotRelevant, Later];
    private static readonly string[] s_scopes = [SuppressionEntry.CategoryScope, SuppressionEntry.ActionScope];

    /// <summary>Active, already visible nudges of the user, minus muted categories and unexpired suppressions; oldest first.</summary>
    public async Task<IReadOnlyList<NudgeView>> GetForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        RequireId(userId, "userId");
        await using var session = store.QuerySession();
        var now = timeProvider.GetUtcNow();
        var user = await session.LoadAsync<EndUser>(userId, cancellationToken);
        if (user is null || user.OptedOut)
            return [];
        var active = (await session.LoadAsync<NudgeSuppression>(userId, cancellationToken))?.ActiveAt(now).ToArray() ?? [];
        var hiddenCategories = new HashSet<string>([.. user.MutedCategories, .. active.Where(e => e.Scope == SuppressionEntry.CategoryScope).Select(e => e.Value)], StringComparer.Ordinal);
        var hiddenTypes = active.Where(e => e.Scope == SuppressionEntry.ActionScope).Select(e => e.Value).ToHashSet(StringComparer.Ordinal);
        var items = await session.Query<NudgeInboxItem>()
            .Where(n => n.UserId == userId && n.Status == NudgeStatus.Active && n.VisibleFrom <= now)
            .OrderBy(n => n.VisibleFrom)
            .ToListAsync(cancellationToken);
        return items
            .Where(n => !hiddenCategories.Contains(n.Category) && !hiddenTypes.Contains(n.ActionType))
            .Select(n => new NudgeView(n.Id, n.ProposalId, n.ActionType, n.Category, n.Title, n.Message, n.Why, n.Content, n.VisibleFrom, n.ShownAt))
            .ToArray();
    }

    /// <summary>What the user marked "not relevant" and is still hidden, newest first: "Hidden for 60 days — undo".</summary>
    public async Task<IReadOnlyList<HiddenNudgeView>> GetHiddenAsync(string userId, CancellationToken cancellationToken = default)
    {
        RequireId(userId, "userId");
        await using var session = store.QuerySession();
        var now = timeProvider.GetUtcNow();
        var active = (await session.LoadAsync<NudgeSuppression>(userId, cancellationToken))?.ActiveAt(now).ToArray() ?? [];
        if (active.Length == 0)
            return [];
        var ids = active.Select(e => e.NudgeId).ToArray();
        var items = (await session.LoadManyAsync<NudgeInboxItem>(cancellationToken, ids)).ToDictionary(i => i.Id, StringComparer.Ordinal);
        return active
            .OrderByDescending(e => e.At)
            .Select(e => new HiddenNudgeView(e.NudgeId, items.TryGetValue(e.NudgeId, out var item) ? item.Title : e.Value, e.Scope, e.Value, e.Until,
                (int)Math.Ceiling((e.Until - now).TotalDays)))
            .ToArray();
    }

    /// <summary>Records the first time the user saw an active nudge; later calls (or calls for a withdrawn one) change nothing.</summary>
    public Task MarkShownAsync(string nudgeId, string userId, CancellationToken cancellationToken = default) =>
        ChangeAsync(nudgeId, userId, (item, _, now) => item.ShownAt is not null || item.Status != NudgeStatus.Active
            ? null
            : new NudgeChange(item with { ShownAt = now }, [new NudgeShown(item.ProposalId, item.Id, userId, now)], s => s), cancellationToken);

    /// <summary>
    /// Hides the nudge. <c>not_relevant</c> also records the negative label and suppresses, for this
    /// user, the nudge's category (<paramref name="scope"/> <c>category</c>, the default) or its action
    /// type (<c>action</c>) until <c>limits.suppression_days</c> from now; the policy sees it in
    /// <c>history.suppressions</c>. Only the nudge's own user may dismiss it.
    /// </summary>
    public async Task DismissAsync(string nudgeId, string userId, string kind = NotRelevant, string scope = SuppressionEntry.CategoryScope,
        CancellationToken cancellationToken = default)
    {
        if (!s_kinds.Contains(kind))
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"kind: must be one of {string.Join(", ", s_kinds)}.");
        if (!s_scopes.Contains(scope))
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"scope: must be one of {string.Join(", ", s_scopes)}.");
        var days = await limits.SuppressionDaysAsync(cancellationToken);
        await ChangeAsync(nudgeId, userId, (item, _, now) =>
        {
            if (item.Status == NudgeStatus.Dismissed)
                return null;
            if (item.Status == NudgeStatus.Withdrawn)
                throw new LifecycleException(LifecycleErrorKind.Invalid, "This nudge was withdrawn and is no longer shown.");
            var dismissed = new NudgeDismissed(item.ProposalId, item.Id, userId, kind, item.Category, now);
            if (kind != NotRelevant)
                return new NudgeChange(item with { Status = NudgeStatus.Dismissed, DismissedAt = now }, [dismissed], s => s);
            var entry = new SuppressionEntry(scope, scope == SuppressionEntry.ActionScope ? item.ActionType : item.Category, now.AddDays(days), item.Id, item.ProposalId, now);
            return new NudgeChange(
                item with { Status = NudgeStatus.Dismissed, DismissedAt = now },
                [dismissed, new OutcomeObserved(item.ProposalId, OutcomeKinds.NotRelevant, null, $"user:{userId}", now, Horizon: "feedback")],
                entries => [.. entries.Where(e => e.Until > now && !(e.Scope == entry.Scope && e.Value == entry.Value)), entry]);
        }, cancellationToken);
    }

    /// <summary>Takes back a "not relevant": the nudge is shown again and its suppression lifted. Nothing happens if it is not hidden.</summary>
    public Task UndoNotRelevantAsync(string nudgeId, string userId, CancellationToken cancellationToken = default) =>
        ChangeAsync(nudgeId, userId, (item, suppression, now) =>
        {
            if (item.Status != NudgeStatus.Dismissed || suppression?.ActiveAt(now).Any(e => e.NudgeId == item.Id) != true)
                return null;
            return new NudgeChange(item with { Status = NudgeStatus.Active, DismissedAt = null },
                [new NudgeFeedbackWithdrawn(item.ProposalId, item.Id, userId, now)],
                entries => [.. entries.Where(e => e.NudgeId != item.Id && e.Until > now)]);
        }, cancellationToken);

    private async Task ChangeAsync(
        string nudgeId,
        string userId,
        Func<NudgeInboxItem, NudgeSuppression?, DateTimeOffset, NudgeChange?> change,
        CancellationToken cancellationToken)
    {
        RequireId(nudgeId, "nudgeId");
        RequireId(userId, "userId");

        await using var session = store.LightweightSession();
        var item = await session.LoadAsync<NudgeInboxItem>(nudgeId, cancellationToken)
            ?? throw new LifecycleException(LifecycleErrorKind.NotFound, $"Nudge '{nudgeId}' does not exist.");
        if (item.UserId != userId)
            throw new LifecycleException(LifecycleErrorKind.Forbidden, "This nudge belongs to another user; users can only act on their own nudges.");

        var now = timeProvider.GetUtcNow();
        var suppression = await session.LoadAsync<NudgeSuppression>(userId, cancellationToken);
        if (change(item, suppression, now) is not { } result)
            return;
        // Through FetchForWriting so a concurrent undo of the same proposal cannot interleave unseen.
        var stream = await session.Events.FetchForWriting<ActionLifecycle>(item.ProposalId, cancellationToken);
        stream.AppendMany(result.Events);
        session.Store(result.Item);
        var entries = suppression?.Entries ?? [];
        var updated = result.Entries(entries);
        if (!ReferenceEquals(updated, entries))
            session.Store(new NudgeSuppression(userId, item.AccountId, updated, now));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (ProposalStreams.IsConcurrencyConflict(e))
        {
            throw ProposalStreams.Conflict(item.ProposalId, e);
        }
    }

    private static void RequireId(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"{field}: required.");
    }

    /// <summary>The nudge after the change, the events for its proposal's stream, and how the user's suppressions change.</summary>
    private sealed record NudgeChange(NudgeInboxItem Item, object[] Events, Func<IReadOnlyList<SuppressionEntry>, IReadOnlyList<SuppressionEntry>> Entries);
}

/// <summary>A nudge the user marked "not relevant" that is still hidden, with how long for and what it hides.</summary>
public sealed record HiddenNudgeView(string NudgeId, string Title, string Scope, string Value, DateTimeOffset Until, int DaysLeft);
