using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Proposals;

/// <summary>
/// The sentence an end user sees under "Why am I seeing this?": what the action does for them and,
/// when one of the account's churn drivers can be said safely, the usage signal behind it. It is shown
/// to anyone at the account, so it carries no numbers, no names or e-mails, no money, no risk or
/// renewal talk, and no internal names (feature keys, action type ids, "retention"). At most
/// <see cref="MaxLength"/> characters, so it fits one line of a tip card.
/// </summary>
public static class EndUserWhy
{
    public const int MaxLength = 160;

    /// <summary>
    /// The sentence for an action of <paramref name="actionType"/> in <paramref name="category"/>,
    /// given the account's churn drivers (largest first; empty without a score).
    /// </summary>
    public static string For(string actionType, string category, IReadOnlyList<FeatureContribution> drivers)
    {
        var reason = Reason(actionType, category);
        var signal = drivers.Where(d => d.Contribution > 0).Select(Signal).FirstOrDefault(s => s is not null);
        return signal is null
            ? $"You're seeing this because it helps teams like yours: {reason}."
            : $"You're seeing this because {signal}, and {reason}.";
    }

    /// <summary>
    /// A usage signal in words, only when the driver's value bears it out (a usage trend that rose
    /// says nothing about using the product less). Commercial and feedback drivers (revenue, renewal,
    /// tenure, NPS, satisfaction, downgrades) are never said: they are not the user's to see.
    /// </summary>
    private static string? Signal(FeatureContribution d) => d.Feature switch
    {
        "usage_trend_7d_vs_30d" when d.Value < 0.9 => "your team used the product less this week than usual",
        "sessions_7d" or "sessions_30d" or "sessions_90d" => "your team hasn't used the product much lately",
        "active_users_7d" or "active_users_30d" or "active_users_90d" => "only a few people on your team use the product so far",
        "seat_utilisation" when d.Value < 0.8 => "some of your team's seats aren't in use yet",
        "modules_adopted_30d" => "your team uses only a few parts of the product so far",
        "days_since_last_activity" when d.Value >= 7 => "your workspace has been quiet for a while",
        "tickets_30d" or "urgent_tickets_30d" when d.Value >= 1 => "your team asked our support for help recently",
        _ => null,
    };

    /// <summary>What the action does for the user, in their terms.</summary>
    private static string Reason(string actionType, string category) => actionType switch
    {
        "show_checklist" => "this checklist covers the setup steps teams find most useful",
        "pin_shortcut" => "a shortcut keeps a useful feature one click away",
        "prefill_form" => "we filled in what we already know to save you time",
        "suggest_upgrade_within_policy" => "another plan may fit how your team works",
        "unlock_trial_within_caps" => "a trial lets your team try a feature before deciding",
        "csm_outreach" => "your account manager would like to check in with you",
        "offer_discount" => "your account team has an offer for you",
        _ => category switch
        {
            "onboarding" => "this tip helps teams finish getting set up",
            "pricing" => "this tip is about plans that may fit your team",
            "support" => "this tip may answer a common question",
            _ => "this tip points to a feature that saves teams time",
        },
    };
}
