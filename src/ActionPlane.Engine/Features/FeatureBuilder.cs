using ActionPlane.Engine.Domain;

namespace ActionPlane.Engine.Features;

/// <summary>
/// Builds point-in-time features of an account as of a day from signals strictly before that day,
/// so a snapshot never sees the future it is used to predict.
/// </summary>
public static class FeatureBuilder
{
    /// <summary>Every feature name, in the stable order models use as their input vector.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
    [
        "active_users_7d", "active_users_30d", "active_users_90d",
        "sessions_7d", "sessions_30d", "sessions_90d",
        "usage_trend_7d_vs_30d",
        "modules_adopted_30d",
        "seat_utilisation",
        "days_since_last_activity",
        "tickets_30d", "urgent_tickets_30d",
        "avg_csat_90d",
        "downgraded_90d",
        "mrr",
        "tenure_days",
        "last_nps",
        "days_to_renewal",
        // Longer and intermediate windows: slow drivers (support friction, usage decline, shallow
        // adoption, idle seats) show through 30-day counts only noisily.
        "active_users_14d", "sessions_14d",
        "usage_trend_14d_vs_90d", "usage_trend_30d_vs_90d",
        "modules_adopted_90d",
        "seats", "seat_utilisation_90d",
        "tickets_90d", "urgent_tickets_90d", "tickets_per_100_seats_90d", "urgent_share_90d",
        "avg_csat_30d", "csat_responses_90d",
        "avg_nps_90d", "nps_responses_90d",
    ];

    /// <summary>Features of <paramref name="account"/> as of <paramref name="asOf"/>; signals on or after it are ignored.</summary>
    public static FeatureSnapshot Build(Account account, AccountSignals signals, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(signals);
        var today = asOf.DayNumber;
        var usage = signals.Usage.Where(u => u.AccountId == account.Id && u.Day.DayNumber < today).ToList();
        var w7 = Window(usage, today, 7);
        var w14 = Window(usage, today, 14);
        var w30 = Window(usage, today, 30);
        var w90 = Window(usage, today, 90);

        var (mrr, seats) = SubscriptionAsOf(account, signals.Billing, asOf);
        var lastUsage = usage.MaxBy(u => u.Day);
        var lastActive = usage.Where(u => u.Sessions > 0).Select(u => (int?)u.Day.DayNumber).Max();
        var tickets30 = signals.Tickets.Where(t => InWindow(t.OpenedOn, today, 30)).ToList();
        var tickets90 = signals.Tickets.Where(t => InWindow(t.OpenedOn, today, 90)).ToList();
        // CSAT is only known once a ticket is closed, so the closing day must be in the past too.
        var csat = signals.Tickets
            .Where(t => t.Csat is not null && t.ClosedOn is { } c && InWindow(c, today, 90))
            .Select(t => (Closed: t.ClosedOn!.Value, Score: (double)t.Csat!.Value))
            .ToList();
        var csat30 = csat.Where(c => InWindow(c.Closed, today, 30)).Select(c => c.Score).ToList();
        var lastNps = signals.Nps.Where(n => n.On.DayNumber < today).MaxBy(n => (n.On, n.Id));
        var nps90 = signals.Nps.Where(n => InWindow(n.On, today, 90)).Select(n => (double)n.Score).ToList();

        var values = new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            ["active_users_7d"] = MeanPerDay(w7, 7, u => u.ActiveUsers),
            ["active_users_30d"] = MeanPerDay(w30, 30, u => u.ActiveUsers),
            ["active_users_90d"] = MeanPerDay(w90, 90, u => u.ActiveUsers),
            ["sessions_7d"] = w7.Sum(u => u.Sessions),
            ["sessions_30d"] = w30.Sum(u => u.Sessions),
            ["sessions_90d"] = w90.Sum(u => u.Sessions),
            ["usage_trend_7d_vs_30d"] = Trend(w7, 7, w30, 30),
            ["modules_adopted_30d"] = UsageDay.Modules.Count(m => w30.Sum(u => u.EventsOf(m)) > 0),
            ["seat_utilisation"] = lastUsage is null || seats <= 0 ? null : Math.Min(1.0, lastUsage.SeatsUsed / (double)seats),
            ["days_since_last_activity"] = lastActive is null ? null : today - lastActive.Value,
            ["tickets_30d"] = tickets30.Count,
            ["urgent_tickets_30d"] = tickets30.Count(t => t.Urgent),
            ["avg_csat_90d"] = csat.Count == 0 ? null : csat.Average(c => c.Score),
            ["downgraded_90d"] = signals.Billing.Any(b => b.Kind == "downgrade" && InWindow(b.On, today, 90)) ? 1 : 0,
            ["mrr"] = (double)mrr,
            ["tenure_days"] = today - account.CreatedOn.DayNumber,
            ["last_nps"] = lastNps?.Score,
            ["days_to_renewal"] = NextRenewal(account.RenewalDate, asOf).DayNumber - today,
            ["active_users_14d"] = MeanPerDay(w14, 14, u => u.ActiveUsers),
            ["sessions_14d"] = w14.Sum(u => u.Sessions),
            ["usage_trend_14d_vs_90d"] = Trend(w14, 14, w90, 90),
            ["usage_trend_30d_vs_90d"] = Trend(w30, 30, w90, 90),
            // A module counts as adopted when used on a few days: an unadopted one still shows a stray event now and then.
            ["modules_adopted_90d"] = UsageDay.Modules.Count(m => w90.Count(u => u.EventsOf(m) > 0) >= 3),
            ["seats"] = seats,
            // The mean over the window is far less noisy than the last day's utilisation.
            ["seat_utilisation_90d"] = w90.Count == 0 || seats <= 0 ? null : w90.Average(u => Math.Min(1.0, u.SeatsUsed / (double)seats)),
            ["tickets_90d"] = tickets90.Count,
            ["urgent_tickets_90d"] = tickets90.Count(t => t.Urgent),
            ["tickets_per_100_seats_90d"] = seats <= 0 ? null : 100.0 * tickets90.Count / seats,
            // No ticket means no share: missing, not zero.
            ["urgent_share_90d"] = tickets90.Count == 0 ? null : tickets90.Count(t => t.Urgent) / (double)tickets90.Count,
            ["avg_csat_30d"] = csat30.Count == 0 ? null : csat30.Average(),
            ["csat_responses_90d"] = csat.Count,
            ["avg_nps_90d"] = nps90.Count == 0 ? null : nps90.Average(),
            ["nps_responses_90d"] = nps90.Count,
        };
        return new FeatureSnapshot(account.Id, asOf, values);
    }

    /// <summary>The snapshot's values as a vector in <see cref="FeatureNames"/> order; missing becomes NaN.</summary>
    public static float[] ToVector(FeatureSnapshot snapshot) => ToVector(snapshot, FeatureNames);

    /// <summary>
    /// The snapshot's values in <paramref name="names"/> order (a stored model's own feature list);
    /// missing becomes NaN, so "no CSAT yet" stays distinct from a CSAT of zero.
    /// </summary>
    public static float[] ToVector(FeatureSnapshot snapshot, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(names);
        var vector = new float[names.Count];
        for (var i = 0; i < vector.Length; i++)
        {
            if (!snapshot.Values.TryGetValue(names[i], out var value))
                throw new ArgumentException($"Feature snapshot of '{snapshot.AccountId}' lacks feature '{names[i]}'.", nameof(snapshot));
            vector[i] = value is { } v ? (float)v : float.NaN;
        }
        return vector;
    }

    private static bool InWindow(DateOnly day, int today, int days) => day.DayNumber < today && day.DayNumber >= today - days;

    private static List<UsageDay> Window(List<UsageDay> usage, int today, int days) =>
        usage.Where(u => u.Day.DayNumber >= today - days).ToList();

    // Days without a usage row count as zero activity, hence the division by the window length.
    private static double MeanPerDay(List<UsageDay> window, int days, Func<UsageDay, int> value) =>
        window.Sum(value) / (double)days;

    /// <summary>Sessions per day in the short window over those in the long one; missing when the long one is empty.</summary>
    private static double? Trend(List<UsageDay> shortWindow, int shortDays, List<UsageDay> longWindow, int longDays)
    {
        var perDayLong = longWindow.Sum(u => u.Sessions) / (double)longDays;
        return perDayLong <= 0 ? null : shortWindow.Sum(u => u.Sessions) / (double)shortDays / perDayLong;
    }

    /// <summary>MRR and seats as they were on <paramref name="asOf"/>: undo billing changes made since.</summary>
    private static (decimal Mrr, int Seats) SubscriptionAsOf(Account account, IReadOnlyList<BillingChange> billing, DateOnly asOf)
    {
        var firstLater = billing.Where(b => b.On >= asOf).MinBy(b => (b.On, b.Id));
        return firstLater is null ? (account.Mrr, account.Seats) : (firstLater.MrrBefore, firstLater.SeatsBefore);
    }

    private static DateOnly NextRenewal(DateOnly renewal, DateOnly asOf)
    {
        // The account stores its next renewal as of today; earlier as-of dates renew on the same anniversary.
        while (renewal.AddYears(-1) >= asOf)
            renewal = renewal.AddYears(-1);
        while (renewal < asOf)
            renewal = renewal.AddYears(1);
        return renewal;
    }
}
