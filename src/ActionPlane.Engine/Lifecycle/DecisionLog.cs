using Marten;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>Reads the decision records for the governance views and exports.</summary>
public sealed partial class DecisionLog(IDocumentStore store)
{
    public const int MaxPageSize = 500;

    public async Task<DecisionRecord?> GetAsync(Guid proposalId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<DecisionRecord>(proposalId, cancellationToken))?.WithDecisionLogs();
    }

    /// <summary>Newest first; every filter is optional. <paramref name="query"/>.To is exclusive.</summary>
    public async Task<IReadOnlyList<DecisionRecord>> SearchAsync(DecisionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Take is < 1 or > MaxPageSize)
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"take: must be between 1 and {MaxPageSize}.");
        if (query.From is { } f && query.To is { } t && t <= f)
            throw new LifecycleException(LifecycleErrorKind.Invalid, "to: must be after from.");

        await using var session = store.QuerySession();
        var records = await Filter(session.Query<DecisionRecord>(), query)
            .OrderByDescending(r => r.ProposedAt).Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        return [.. records.Select(r => r.WithDecisionLogs())];
    }

    private static IQueryable<DecisionRecord> Filter(IQueryable<DecisionRecord> q, DecisionQuery query)
    {
        if (query.AccountId is { } account)
            q = q.Where(r => r.AccountId == account);
        if (query.ActionType is { } type)
            q = q.Where(r => r.ActionType == type);
        if (query.From is { } from)
            q = q.Where(r => r.ProposedAt >= from);
        if (query.To is { } to)
            q = q.Where(r => r.ProposedAt < to);
        if (query.Status is { } status)
            q = q.Where(r => r.Status == status);
        return q;
    }
}

/// <summary>Filters for <see cref="DecisionLog.SearchAsync"/>.</summary>
public sealed record DecisionQuery(
    string? AccountId = null,
    string? ActionType = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    ActionStatus? Status = null,
    int Skip = 0,
    int Take = 100);
