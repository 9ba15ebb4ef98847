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
        // CSAT is only known once a ticket is closed, so the closing day must be in the past too.
        var csat = signals.Tickets
            .Where(t => t.Csat is not null && t.ClosedOn is { } c && InWindow(c, today, 90))
            .Select(t => (double)t.Csat!.Value)
            .ToList();
        var lastNps = signals.Nps.Where(n => n.On.DayNumber < today).MaxBy(n => (n.On, n.Id));

        var values = new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            ["active_users_7d"] = MeanPerDay(w7, 7, u => u.ActiveUsers),
            ["active_users_30d"] = MeanPerDay(w30, 30, u => u.ActiveUsers),
            ["active_users_90d"] = MeanPerDay(w90, 90, u => u.ActiveUsers),
            ["sessions_7d"] = w7.Sum(u => u.Sessions),
            ["sessions_30d"] = w30.Sum(u => u.Sessions),
            ["sessions_90d"] = w90.Sum(u => u.Sessions),
            ["usage_trend_7d_vs_30d"] = Trend(w7, w30),
            ["modules_adopted_30d"] = UsageDay.Modules.Count(m => w30.Sum(u => u.EventsOf(m)) > 0),
            ["seat_utilisation"] = lastUsage is null || seats <= 0 ? null : Math.Min(1.0, lastUsage.SeatsUsed / (double)seats),
            ["days_since_last_activity"] = lastActive is null ? null : today - lastActive.Value,
            ["tickets_30d"] = tickets30.Count,
            ["urgent_tickets_30d"] = tickets30.Count(t => t.Urgent),
            ["avg_csat_90d"] = csat.Count == 0 ? null : csat.Average(),
            ["downgraded_90d"] = signals.Billing.Any(b => b.Kind == "downgrade" && InWindow(b.On, today, 90)) ? 1 : 0,
            ["mrr"] = (double)mrr,
            ["tenure_days"] = today - account.CreatedOn.DayNumber,
            ["last_nps"] = lastNps?.Score,
            ["days_to_renewal"] = NextRenewal(account.RenewalDate, asOf).DayNumber - today,
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

    private static double? Trend(List<UsageDay> w7, List<UsageDay> w30)
    {
        var perDay30 = w30.Sum(u => u.Sessions) / 30.0;
        return perDay30 <= 0 ? null : w7.Sum(u => u.Sessions) / 7.0 / perDay30;
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
