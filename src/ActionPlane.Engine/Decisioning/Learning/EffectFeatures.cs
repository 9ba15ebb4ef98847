using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Decisioning.Learning;

/// <summary>
/// The few account traits an action's effect may plausibly depend on, read from a
/// <see cref="FeatureBuilder"/> vector, one term per trait, each on a 0–1 scale: fading usage, shallow
/// adoption, idle seats, support friction, an imminent renewal and a recent downgrade. Each term reads
/// the feature that tracks its trait best (<c>actionplane data drivers</c>: R² 0.90–1.0 against the
/// generator's hidden drivers), not the 30-day windows and last-day counts, which track them poorly: on
/// those the effect model could not tell whom an action helps (session 7, docs/simulation.md). Linear
/// terms only: products and powers of them were measured and cost more variance than they bought.
/// A handful of terms instead of all features, because effects of a few points must be learned from a
/// few thousand logged decisions: every extra coefficient costs variance.
/// </summary>
public static class EffectFeatures
{
    public static IReadOnlyList<string> Names { get; } = ["decline", "shallow", "unused", "friction", "renewal_soon", "downgraded"];

    private static readonly int UsageDecline = Index("usage_decline_30d");
    private static readonly int Modules = Index("modules_adopted_90d");
    private static readonly int SeatUse = Index("seat_utilisation_90d");
    private static readonly int Csat = Index("csat_180d_smoothed");
    private static readonly int Renewal = Index("days_to_renewal");
    private static readonly int Downgraded = Index("downgraded_90d");

    /// <summary>The product's feature modules: adoption depth is measured against all of them.</summary>
    private static readonly int ModuleCount = Domain.UsageDay.Modules.Count;

    /// <summary>The effect terms of one feature vector (missing values become a neutral default).</summary>
    public static double[] From(float[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return
        [
            // Share of usage faded over the last 30 days (0 = steady, 1 = gone; growth counts as steady).
            Math.Clamp(Or(x[UsageDecline], 0), 0, 1),
            // Modules not adopted, of the ones beyond the first.
            (ModuleCount - Math.Clamp(Or(x[Modules], 1), 1, ModuleCount)) / (ModuleCount - 1.0),
            // Paid seats left idle over 90 days.
            1 - Math.Clamp(Or(x[SeatUse], 1), 0, 1),
            // Position on the CSAT scale (1–5), smoothed over the half-year: 0 = all fives, 1 = all ones.
            Math.Clamp((5 - Or(x[Csat], 4.2)) / 4, 0, 1),
            // Within a quarter of the renewal the customer can actually leave; nearer is more urgent.
            Math.Max(0, 1 - Or(x[Renewal], 365) / 90.0),
            Or(x[Downgraded], 0),
        ];
    }

    private static double Or(float value, double fallback) => float.IsFinite(value) ? value : fallback;

    private static int Index(string name)
    {
        var i = FeatureBuilder.FeatureNames.ToList().IndexOf(name);
        return i >= 0 ? i : throw new InvalidOperationException($"Feature '{name}' is not in FeatureBuilder.FeatureNames.");
    }
}
