using ActionPlane.Engine.Domain;

namespace ActionPlane.Engine.Data;

/// <summary>
/// Extra point-in-time features written to the dataset CSVs beside <see cref="Features.FeatureBuilder"/>'s:
/// longer support and NPS windows and a 30-vs-90-day usage trend, which measure slow drivers
/// (support friction, decline) less noisily than the 30-day windows. Signals on or after the
/// as-of day are ignored.
/// </summary>
public static class SupplementaryFeatures
{
    public static IReadOnlyList<string> Names { get; } =
        ["tickets_90d", "urgent_tickets_90d", "tickets_per_100_seats_90d", "avg_nps_90d", "nps_responses_90d", "usage_trend_30d_vs_90d"];

    public static IReadOnlyDictionary<string, double?> Compute(Account account, AccountSignals signals, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(signals);
        var today = asOf.DayNumber;
        bool In90(DateOnly d) => d.DayNumber < today && d.DayNumber >= today - 90;
        var tickets = signals.Tickets.Where(t => In90(t.OpenedOn)).ToList();
        var nps = signals.Nps.Where(n => In90(n.On)).Select(n => (double)n.Score).ToList();
        var sessions30 = signals.Usage.Where(u => u.Day.DayNumber < today && u.Day.DayNumber >= today - 30).Sum(u => (double)u.Sessions);
        var sessions90 = signals.Usage.Where(u => In90(u.Day)).Sum(u => (double)u.Sessions);
        return new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            ["tickets_90d"] = tickets.Count,
            ["urgent_tickets_90d"] = tickets.Count(t => t.Urgent),
            ["tickets_per_100_seats_90d"] = account.Seats > 0 ? 100.0 * tickets.Count / account.Seats : null,
            // No answer in the window is missing, not a score of zero.
            ["avg_nps_90d"] = nps.Count > 0 ? nps.Average() : null,
            ["nps_responses_90d"] = nps.Count,
            ["usage_trend_30d_vs_90d"] = sessions90 > 0 ? sessions30 / (sessions90 / 3) : null,
        };
    }
}
