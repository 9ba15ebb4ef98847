using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Metrics;

namespace ActionPlane.Web.Features.Governance;

/// <summary>
/// The reviewer's aggregate views over the decision log: parity by plan, region and ARR band, and
/// action metrics per week. Windows default to the last <see cref="DefaultDays"/> days.
/// </summary>
public sealed class GovernanceReportsService(ParityAnalyzer parity, ActionMetricsQuery metrics, TimeProvider time)
{
    public const int DefaultDays = 84;

    /// <summary>The default window: the last 12 weeks, to the end of today (UTC).</summary>
    public (DateTimeOffset From, DateTimeOffset To) DefaultWindow()
    {
        var to = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        return (to.AddDays(-DefaultDays), to);
    }

    public Task<ParityReport> ParityAsync(DateTimeOffset from, DateTimeOffset to, double threshold = ParityAnalyzer.DefaultThreshold, CancellationToken cancellationToken = default) =>
        parity.AnalyzeAsync(from, to, threshold, cancellationToken: cancellationToken);

    /// <summary>One row per action type and ISO week, oldest week first.</summary>
    public async Task<IReadOnlyList<ActionMetrics>> WeeklyMetricsAsync(DateTimeOffset from, DateTimeOffset to, string? actionType = null, CancellationToken cancellationToken = default) =>
        [.. (await metrics.QueryAsync(from, to, MetricsGrouping.Week, actionType, cancellationToken)).OrderBy(m => m.From).ThenBy(m => m.ActionType, StringComparer.Ordinal)];
}
