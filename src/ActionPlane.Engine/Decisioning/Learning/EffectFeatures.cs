using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Decisioning.Learning;

/// <summary>
/// The few account traits an action's effect may plausibly depend on, read from a
/// <see cref="FeatureBuilder"/> vector: fading usage, adoption depth, idle seats, support friction,
/// a recent downgrade and an imminent renewal. A handful of interpretable terms instead of all
/// features, because effects of a few points must be learned from a few thousand logged decisions:
/// every extra coefficient costs variance.
/// </summary>
public static class EffectFeatures
{
    // EXPERIMENT (session 7): ACTIONPLANE_EFFECT_FEATURES = signals | drivers | drivers_products selects the set.
    private static readonly string Set = Environment.GetEnvironmentVariable("ACTIONPLANE_EFFECT_FEATURES") ?? "signals";

    public static IReadOnlyList<string> Names { get; } = Set switch
    {
        "signals" => ["usage_trend", "days_inactive", "modules_adopted", "seat_utilisation", "tickets", "urgent_tickets", "csat", "downgraded", "renewal_soon"],
        "drivers" => ["decline", "shallow", "unused", "friction", "renewal_soon", "downgraded"],
        "drivers_products" => ["decline", "shallow", "unused", "friction", "renewal_soon", "downgraded",
            "decline_x_friction", "decline_x_shallow", "decline_x_renewal", "renewal_x_downgraded", "renewal_x_unused", "shallow_x_unused",
            "friction_cubed", "shallow_squared", "decline_cubed", "unused_cubed"],
        _ => throw new InvalidOperationException($"ACTIONPLANE_EFFECT_FEATURES '{Set}' is not signals, drivers or drivers_products."),
    };

    private static readonly int Trend = Index("usage_trend_7d_vs_30d");
    private static readonly int Inactive = Index("days_since_last_activity");
    private static readonly int Modules = Index("modules_adopted_30d");
    private static readonly int Seats = Index("seat_utilisation");
    private static readonly int Tickets = Index("tickets_30d");
    private static readonly int Urgent = Index("urgent_tickets_30d");
    private static readonly int Csat = Index("avg_csat_90d");
    private static readonly int Downgraded = Index("downgraded_90d");
    private static readonly int Renewal = Index("days_to_renewal");
    private static readonly int UsageDecline = Index("usage_decline_30d");
    private static readonly int Modules90 = Index("modules_adopted_90d");
    private static readonly int SeatUse90 = Index("seat_utilisation_90d");
    private static readonly int Csat180 = Index("csat_180d_smoothed");

    /// <summary>The effect terms of one feature vector (missing values become a neutral default).</summary>
    public static double[] From(float[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        // Within a quarter of the renewal the customer can actually leave; nearer is more urgent.
        var renewal = Math.Max(0, 1 - Or(x[Renewal], 365) / 90.0);
        var downgraded = Or(x[Downgraded], 0);
        if (Set == "signals")
            return
            [
                Or(x[Trend], 0),
                Math.Log(1 + Math.Max(0, Or(x[Inactive], 90))),
                Or(x[Modules], 0),
                Or(x[Seats], 0),
                Math.Log(1 + Math.Max(0, Or(x[Tickets], 0))),
                Math.Log(1 + Math.Max(0, Or(x[Urgent], 0))),
                Or(x[Csat], 4),
                downgraded,
                renewal,
            ];
        var decline = Math.Clamp(Or(x[UsageDecline], 0), 0, 1);
        var shallow = (6 - Math.Clamp(Or(x[Modules90], 1), 1, 6)) / 5.0;
        var unused = 1 - Math.Clamp(Or(x[SeatUse90], 1), 0, 1);
        var friction = Math.Clamp((5 - Or(x[Csat180], 4.2)) / 4, 0, 1);
        if (Set == "drivers")
            return [decline, shallow, unused, friction, renewal, downgraded];
        return
        [
            decline, shallow, unused, friction, renewal, downgraded,
            decline * friction, decline * shallow, decline * renewal, renewal * downgraded, renewal * unused, shallow * unused,
            Math.Pow(friction, 3), shallow * shallow, Math.Pow(decline, 3), Math.Pow(unused, 3),
        ];
    }

    private static double Or(float value, double fallback) => float.IsFinite(value) ? value : fallback;

    private static int Index(string name)
    {
        var i = FeatureBuilder.FeatureNames.ToList().IndexOf(name);
        return i >= 0 ? i : throw new InvalidOperationException($"Feature '{name}' is not in FeatureBuilder.FeatureNames.");
    }
}
