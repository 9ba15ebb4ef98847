using System.Globalization;
using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Proposals;

/// <summary>Puts the churn model's features into words for CSMs, with their values (end users get <see cref="EndUserWhy"/>).</summary>
public static class SignalDescriber
{
    private static readonly Dictionary<string, string> s_names = new(StringComparer.Ordinal)
    {
        ["active_users_7d"] = "daily active users over the last 7 days",
        ["active_users_30d"] = "daily active users over the last 30 days",
        ["active_users_90d"] = "daily active users over the last 90 days",
        ["sessions_7d"] = "sessions in the last 7 days",
        ["sessions_30d"] = "sessions in the last 30 days",
        ["sessions_90d"] = "sessions in the last 90 days",
        ["usage_trend_7d_vs_30d"] = "usage this week compared with the month",
        ["modules_adopted_30d"] = "modules used in the last 30 days",
        ["seat_utilisation"] = "share of paid seats in use",
        ["days_since_last_activity"] = "days since anyone was active",
        ["tickets_30d"] = "support tickets in the last 30 days",
        ["urgent_tickets_30d"] = "urgent support tickets in the last 30 days",
        ["avg_csat_90d"] = "average support satisfaction over 90 days",
        ["downgraded_90d"] = "a downgrade in the last 90 days",
        ["mrr"] = "monthly revenue",
        ["tenure_days"] = "days as a customer",
        ["last_nps"] = "the latest NPS score",
        ["days_to_renewal"] = "days to renewal",
        ["modules_adopted_90d"] = "modules used on three or more days in the last 90 days",
        ["seats"] = "paid seats",
        ["seat_utilisation_90d"] = "share of paid seats in use over 90 days",
        ["usage_decline_30d"] = "the fall in daily active users over the last 30 days",
        ["sessions_decline_30d"] = "the fall in daily sessions over the last 30 days",
        ["seat_use_decline_30d"] = "the fall in seats in use over the last 30 days",
        ["tickets_180d"] = "support tickets in the last 180 days",
        ["tickets_per_100_seats_180d"] = "support tickets per 100 seats in the last 180 days",
        ["urgent_share_180d_smoothed"] = "the share of urgent support tickets over 180 days",
        ["csat_180d_smoothed"] = "support satisfaction over 180 days",
        ["nps_180d_smoothed"] = "NPS over 180 days",
    };

    /// <summary>Whether <paramref name="feature"/> has its own words (others fall back to the name with spaces).</summary>
    internal static bool Describes(string feature) => s_names.ContainsKey(feature);

    public static string Name(string feature) => s_names.GetValueOrDefault(feature, feature.Replace('_', ' '));

    /// <summary>"Support tickets in the last 30 days is 7, which raises churn risk"; "Share of paid seats in use is 34 %, …".</summary>
    public static string Describe(FeatureContribution driver)
    {
        var direction = driver.Contribution >= 0 ? "raises" : "lowers";
        // A flag reads as a fact ("A downgrade in the last 90 days"), not as "… is yes".
        if (driver.Feature == "downgraded_90d" && driver.Value is { } flag)
            return $"{(flag > 0 ? "A downgrade" : "No downgrade")} in the last 90 days, which {direction} churn risk";
        var value = driver.Value is { } v ? Value(driver.Feature, v) : "unknown";
        return $"{Capitalise(Name(driver.Feature))} is {value}, which {direction} churn risk";
    }

    /// <summary>A feature's value with its unit: shares and ratios as percentages, scores on their scale, flags as yes/no.</summary>
    public static string Value(string feature, double v) => feature switch
    {
        // A fall fitted against the account's own earlier use reads as a percentage of it (negative: use grew).
        // The fade is a fitted slope and overshoots 1 when use stopped early in the window; a fall of "107 %" reads as an error.
        "usage_decline_30d" or "sessions_decline_30d" or "seat_use_decline_30d" => (Math.Min(v, 1) * 100).ToString("0", CultureInfo.InvariantCulture) + " %",
        "seat_utilisation" or "usage_trend_7d_vs_30d" or "seat_utilisation_90d" or "urgent_share_180d_smoothed" => (v * 100).ToString("0", CultureInfo.InvariantCulture) + " %",
        "avg_csat_90d" or "csat_180d_smoothed" => v.ToString("0.#", CultureInfo.InvariantCulture) + " out of 5",
        "last_nps" or "nps_180d_smoothed" => v.ToString("0", CultureInfo.InvariantCulture) + " out of 10",
        "downgraded_90d" => v > 0 ? "yes" : "no",
        _ => v.ToString(Math.Abs(v) < 10 && v % 1 != 0 ? "0.##" : "0", CultureInfo.InvariantCulture),
    };

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
