using System.Runtime.CompilerServices;
using Marten;

namespace ActionPlane.Engine.Lifecycle;

public sealed partial class DecisionLog
{
    /// <summary>
    /// Every record matching <paramref name="query"/>'s filters (its Skip/Take are ignored), newest
    /// first, read from one database cursor as it is enumerated, so an export of any size holds one
    /// record at a time instead of the whole log.
    /// </summary>
    public async IAsyncEnumerable<DecisionRecord> StreamAsync(DecisionQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.From is { } f && query.To is { } t && t <= f)
            throw new LifecycleException(LifecycleErrorKind.Invalid, "to: must be after from.");

        await using var session = store.QuerySession();
        // Id breaks ties so two exports of the same log list records in the same order.
        var ordered = Filter(session.Query<DecisionRecord>(), query).OrderByDescending(r => r.ProposedAt).ThenBy(r => r.Id);
        await foreach (var record in ordered.ToAsyncEnumerable(cancellationToken).WithCancellation(cancellationToken))
            yield return record.WithDecisionLogs();
    }
}
