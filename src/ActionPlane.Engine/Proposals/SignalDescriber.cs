using System.Globalization;
using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Proposals;

/// <summary>Puts the churn model's features into words for CSMs (with numbers) and end users (without).</summary>
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
    };

    public static string Name(string feature) => s_names.GetValueOrDefault(feature, feature.Replace('_', ' '));

    /// <summary>"support tickets in the last 30 days is 7, which raises churn risk".</summary>
    public static string Describe(FeatureContribution driver)
    {
        var value = driver.Value is { } v ? v.ToString(Math.Abs(v) < 10 && v % 1 != 0 ? "0.##" : "0", CultureInfo.InvariantCulture) : "unknown";
        var direction = driver.Contribution >= 0 ? "raises" : "lowers";
        return $"{Capitalise(Name(driver.Feature))} is {value}, which {direction} churn risk";
    }

    /// <summary>
    /// The "why" an end user may see: the kind of signal only, never numbers, names or other people's
    /// behaviour, so it is safe to show to anyone at the account.
    /// </summary>
    public static string UserFacingWhy(string category, string? topFeature)
    {
        var signal = topFeature switch
        {
            "modules_adopted_30d" or "usage_trend_7d_vs_30d" or "sessions_7d" or "sessions_30d" or "sessions_90d" =>
                "your team has been using fewer parts of the product lately",
            "seat_utilisation" or "active_users_7d" or "active_users_30d" or "active_users_90d" =>
                "not everyone on your team is set up yet",
            "tickets_30d" or "urgent_tickets_30d" or "avg_csat_90d" => "your team recently asked our support for help",
            "days_since_last_activity" => "your workspace has been quiet for a while",
            _ => "of how teams like yours use the product",
        };
        var help = category switch
        {
            "onboarding" => "this helps teams finish getting set up",
            "adoption" => "this points to a feature that saves teams time",
            "pricing" => "this plan may fit how your team works",
            "support" => "this may answer a common question",
            _ => "this may make the product more useful to you",
        };
        return $"You're seeing this because {signal}, and {help}. You can dismiss it as not relevant.";
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
