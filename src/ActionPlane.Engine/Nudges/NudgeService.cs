using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using Marten;

namespace ActionPlane.Engine.Nudges;

/// <summary>
/// The end user's side of in-app actions: their active nudges, "shown" receipts, and dismissals,
/// which are recorded on the proposal's stream and suppress the category for that user.
/// </summary>
public sealed class NudgeService(IDocumentStore store, TimeProvider timeProvider)
{
    public const string NotRelevant = "not_relevant";
    public const string Later = "later";
    private static readonly string[] s_kinds = [NotRelevant, Later];

    /// <summary>Active, already visible nudges of the user, minus categories they muted or marked not relevant; oldest first.</summary>
    public async Task<IReadOnlyList<NudgeView>> GetForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(userId))
            throw new LifecycleException(LifecycleErrorKind.Invalid, "userId: required.");
        await using var session = store.QuerySession();
        var now = timeProvider.GetUtcNow();
        var user = await session.LoadAsync<EndUser>(userId, cancellationToken);
        if (user is null || user.OptedOut)
            return [];
        var suppression = await session.LoadAsync<NudgeSuppression>(userId, cancellationToken);
        var hidden = new HashSet<string>([.. user.MutedCategories, .. suppression?.Categories ?? []], StringComparer.Ordinal);
        var items = await session.Query<NudgeInboxItem>()
            .Where(n => n.UserId == userId && n.Status == NudgeStatus.Active && n.VisibleFrom <= now)
            .OrderBy(n => n.VisibleFrom)
            .ToListAsync(cancellationToken);
        return items
            .Where(n => !hidden.Contains(n.Category))
            .Select(n => new NudgeView(n.Id, n.ProposalId, n.ActionType, n.Category, n.Title, n.Message, n.Why, n.Content, n.VisibleFrom, n.ShownAt))
            .ToArray();
    }

    /// <summary>Records the first time the user saw an active nudge; later calls (or calls for a withdrawn one) change nothing.</summary>
    public Task MarkShownAsync(string nudgeId, string userId, CancellationToken cancellationToken = default) =>
        ChangeAsync(nudgeId, userId, (item, now) => item.ShownAt is not null || item.Status != NudgeStatus.Active
            ? null
            : (item with { ShownAt = now }, new NudgeShown(item.ProposalId, item.Id, userId, now), null), cancellationToken);

    /// <summary>
    /// Hides the nudge; <c>not_relevant</c> also suppresses its category for this user (the policy sees it
    /// in <c>history.suppressed_categories</c>). Only the nudge's own user may dismiss it.
    /// </summary>
    public Task DismissAsync(string nudgeId, string userId, string kind = NotRelevant, CancellationToken cancellationToken = default)
    {
        if (!s_kinds.Contains(kind))
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"kind: must be one of {string.Join(", ", s_kinds)}.");
        return ChangeAsync(nudgeId, userId, (item, now) =>
        {
            if (item.Status == NudgeStatus.Dismissed)
                return null;
            if (item.Status == NudgeStatus.Withdrawn)
                throw new LifecycleException(LifecycleErrorKind.Invalid, "This nudge was withdrawn and is no longer shown.");
            return (item with { Status = NudgeStatus.Dismissed, DismissedAt = now },
                new NudgeDismissed(item.ProposalId, item.Id, userId, kind, item.Category, now),
                kind == NotRelevant ? item.Category : null);
        }, cancellationToken);
    }

    private async Task ChangeAsync(
        string nudgeId,
        string userId,
        Func<NudgeInboxItem, DateTimeOffset, (NudgeInboxItem Item, object Event, string? Suppress)?> change,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(nudgeId))
            throw new LifecycleException(LifecycleErrorKind.Invalid, "nudgeId: required.");
        if (string.IsNullOrWhiteSpace(userId))
            throw new LifecycleException(LifecycleErrorKind.Invalid, "userId: required.");

        await using var session = store.LightweightSession();
        var item = await session.LoadAsync<NudgeInboxItem>(nudgeId, cancellationToken)
            ?? throw new LifecycleException(LifecycleErrorKind.NotFound, $"Nudge '{nudgeId}' does not exist.");
        if (item.UserId != userId)
            throw new LifecycleException(LifecycleErrorKind.Forbidden, "This nudge belongs to another user; users can only act on their own nudges.");

        var now = timeProvider.GetUtcNow();
        if (change(item, now) is not { } result)
            return;
        // Through FetchForWriting so a concurrent undo of the same proposal cannot interleave unseen.
        var stream = await session.Events.FetchForWriting<ActionLifecycle>(item.ProposalId, cancellationToken);
        stream.AppendOne(result.Event);
        session.Store(result.Item);
        if (result.Suppress is { } category)
        {
            var existing = await session.LoadAsync<NudgeSuppression>(userId, cancellationToken);
            var categories = (existing?.Categories ?? []).Append(category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            session.Store(new NudgeSuppression(userId, item.AccountId, categories, now));
        }
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (ProposalStreams.IsConcurrencyConflict(e))
        {
            throw ProposalStreams.Conflict(item.ProposalId, e);
        }
    }
}
