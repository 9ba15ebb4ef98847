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
        // Adoption and seat use over 90 days: far less noisy than the last 30 days or the last day.
        "modules_adopted_90d", "seats", "seat_utilisation_90d",
        // Fitted fades of the last 30 days against the 90 days before: a decline shows on every day
        // of the month, not only in a 7-day window (see UsageFade).
        "usage_decline_30d", "sessions_decline_30d", "seat_use_decline_30d",
        // Support friction over the half-year: it shows only through a few tickets and CSAT answers,
        // so rates and averages are smoothed towards a typical account's value (see Smoothed).
        "tickets_180d", "tickets_per_100_seats_180d", "urgent_share_180d_smoothed",
        "csat_180d_smoothed", "nps_180d_smoothed",
    ];

    /// <summary>Features of <paramref name="account"/> as of <paramref name="asOf"/>; signals on or after it are ignored.</summary>
    public static FeatureSnapshot Build(Account account, AccountSignals signals, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(signals);
        var today = asOf.DayNumber;
        var usage = signals.Usage.Where(u => u.AccountId == account.Id && u.Day.DayNumber < today).ToList();
        var w7 = Window(usage, today, 7);
        var w30 = Window(usage, today, 30);
        var w90 = Window(usage, today, 90);

        var (mrr, seats) = SubscriptionAsOf(account, signals.Billing, asOf);
        var lastUsage = usage.MaxBy(u => u.Day);
        var lastActive = usage.Where(u => u.Sessions > 0).Select(u => (int?)u.Day.DayNumber).Max();
        var tickets30 = signals.Tickets.Where(t => InWindow(t.OpenedOn, today, 30)).ToList();
        var tickets180 = signals.Tickets.Where(t => InWindow(t.OpenedOn, today, 180)).ToList();
        // CSAT is only known once a ticket is closed, so the closing day must be in the past too.
        var csat180 = signals.Tickets
            .Where(t => t.Csat is not null && t.ClosedOn is { } c && InWindow(c, today, 180))
            .Select(t => (Closed: t.ClosedOn!.Value, Score: (double)t.Csat!.Value))
            .ToList();
        var csat90 = csat180.Where(c => InWindow(c.Closed, today, 90)).ToList();
        var lastNps = signals.Nps.Where(n => n.On.DayNumber < today).MaxBy(n => (n.On, n.Id));
        var nps180 = signals.Nps.Where(n => InWindow(n.On, today, 180)).Select(n => (double)n.Score).ToList();
        var (byDay, weekend) = Daily(usage, asOf, UsageFade.RecentDays + UsageFade.BaselineDays);

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
            ["avg_csat_90d"] = csat90.Count == 0 ? null : csat90.Average(c => c.Score),
            ["downgraded_90d"] = signals.Billing.Any(b => b.Kind == "downgrade" && InWindow(b.On, today, 90)) ? 1 : 0,
            ["mrr"] = (double)mrr,
            ["tenure_days"] = today - account.CreatedOn.DayNumber,
            ["last_nps"] = lastNps?.Score,
            ["days_to_renewal"] = NextRenewal(account.RenewalDate, asOf).DayNumber - today,
            // A module counts as adopted when used on a few days: an unadopted one still shows a stray event now and then.
            ["modules_adopted_90d"] = UsageDay.Modules.Count(m => w90.Count(u => u.EventsOf(m) > 0) >= 3),
            ["seats"] = seats,
            // The mean over the window is far less noisy than the last day's utilisation.
            ["seat_utilisation_90d"] = w90.Count == 0 || seats <= 0 ? null : w90.Average(u => Math.Min(1.0, u.SeatsUsed / (double)seats)),
            ["usage_decline_30d"] = UsageFade.Fit(byDay, weekend, u => u.ActiveUsers),
            ["sessions_decline_30d"] = UsageFade.Fit(byDay, weekend, u => u.Sessions),
            ["seat_use_decline_30d"] = UsageFade.Fit(byDay, weekend, u => u.SeatsUsed),
            ["tickets_180d"] = tickets180.Count,
            ["tickets_per_100_seats_180d"] = seats <= 0 ? null : 100.0 * tickets180.Count / seats,
            ["urgent_share_180d_smoothed"] = Smoothed(tickets180.Count(t => t.Urgent), tickets180.Count, TypicalUrgentShare),
            ["csat_180d_smoothed"] = Smoothed(csat180.Sum(c => c.Score), csat180.Count, TypicalCsat),
            ["nps_180d_smoothed"] = Smoothed(nps180.Sum(), nps180.Count, TypicalNps),
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

    // Typical values a smoothed estimate starts from, each weighted as PriorWeight observations: with
    // two tickets an account's own CSAT counts for half, with twenty for 90 %.
    private const double PriorWeight = 2;
    private const double TypicalUrgentShare = 0.1;
    private const double TypicalCsat = 4.2;
    private const double TypicalNps = 7;

    /// <summary>The mean of <paramref name="count"/> observations summing to <paramref name="sum"/>, shrunk towards <paramref name="typical"/>.</summary>
    private static double Smoothed(double sum, int count, double typical) => (sum + PriorWeight * typical) / (count + PriorWeight);

    /// <summary>The usage rows of the last <paramref name="days"/> days by day (index 0 = the day before), and which are weekend days.</summary>
    private static (UsageDay?[] ByDay, bool[] Weekend) Daily(List<UsageDay> usage, DateOnly asOf, int days)
    {
        var byDay = new UsageDay?[days];
        var weekend = new bool[days];
        for (var i = 0; i < days; i++)
            weekend[i] = asOf.AddDays(-1 - i).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        foreach (var u in usage)
        {
            var i = asOf.DayNumber - 1 - u.Day.DayNumber;
            if (i >= 0 && i < days)
                byDay[i] = u;
        }
        return (byDay, weekend);
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

    /// <summary>The renewal as of <paramref name="asOf"/> (on or after it) of an account that stores <paramref name="renewal"/> today.</summary>
    internal static DateOnly NextRenewal(DateOnly renewal, DateOnly asOf)
    {
        // The account stores its next renewal as of today; earlier as-of dates renew on the same anniversary.
        while (renewal.AddYears(-1) >= asOf)
            renewal = renewal.AddYears(-1);
        while (renewal < asOf)
            renewal = renewal.AddYears(1);
        return renewal;
    }
}
