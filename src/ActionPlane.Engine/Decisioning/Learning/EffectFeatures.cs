using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Decisioning.Learning;

/// <summary>
/// The few account traits an action's effect may plausibly depend on, read from a
/// <see cref="FeatureBuilder"/> vector: fading usage, adoption depth, idle seats, support friction,
/// a recent downgrade and an imminent renewal. A handful of interpretable terms instead of all 18
/// features, because effects of a few points must be learned from a few thousand logged decisions:
/// every extra coefficient costs variance.
/// </summary>
public static class EffectFeatures
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "usage_trend", "days_inactive", "modules_adopted", "seat_utilisation",
        "tickets", "urgent_tickets", "csat", "downgraded", "renewal_soon",
    ];

    private static readonly int Trend = Index("usage_trend_7d_vs_30d");
    private static readonly int Inactive = Index("days_since_last_activity");
    private static readonly int Modules = Index("modules_adopted_30d");
    private static readonly int Seats = Index("seat_utilisation");
    private static readonly int Tickets = Index("tickets_30d");
    private static readonly int Urgent = Index("urgent_tickets_30d");
    private static readonly int Csat = Index("avg_csat_90d");
    private static readonly int Downgraded = Index("downgraded_90d");
    private static readonly int Renewal = Index("days_to_renewal");

    /// <summary>The effect terms of one feature vector (missing values become a neutral default).</summary>
    public static double[] From(float[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return
        [
            Or(x[Trend], 0),
            Math.Log(1 + Math.Max(0, Or(x[Inactive], 90))),
            Or(x[Modules], 0),
            Or(x[Seats], 0),
            Math.Log(1 + Math.Max(0, Or(x[Tickets], 0))),
            Math.Log(1 + Math.Max(0, Or(x[Urgent], 0))),
            Or(x[Csat], 4),
            Or(x[Downgraded], 0),
            // Within a quarter of the renewal the customer can actually leave; nearer is more urgent.
            Math.Max(0, 1 - Or(x[Renewal], 365) / 90.0),
        ];
    }

    private static double Or(float value, double fallback) => float.IsFinite(value) ? value : fallback;

    private static int Index(string name)
    {
        var i = FeatureBuilder.FeatureNames.ToList().IndexOf(name);
        return i >= 0 ? i : throw new InvalidOperationException($"Feature '{name}' is not in FeatureBuilder.FeatureNames.");
    }
}
