using System.Globalization;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Proposals;

/// <summary>
/// Builds one concrete payload per catalog action for an account (and, for user-audience actions,
/// its target user), with content chosen from the account's churn drivers. Payloads still go
/// through schema validation: this builder is a convenience, not a source of truth.
/// </summary>
public static class CandidatePayloads
{
    private static readonly string[] s_modules = ["reports", "automations", "integrations", "dashboards", "api", "mobile"];

    /// <summary>
    /// The user the account's nudges target. Without user-level risk signals yet, "most at risk" is
    /// approximated as: never someone who opted out; members before admins (admins set the product
    /// up, members' adoption decides the renewal); then whoever received the fewest nudges this week
    /// (headroom under the caps); then by id, so the choice is stable. Null when nobody can be targeted.
    /// </summary>
    public static EndUser? PickTargetUser(IEnumerable<EndUser> users, IReadOnlyDictionary<string, int>? recentNudges = null) =>
        users.Where(u => !u.OptedOut)
            .OrderBy(u => u.Role == "admin" ? 1 : 0)
            .ThenBy(u => recentNudges?.GetValueOrDefault(u.Id) ?? 0)
            .ThenBy(u => u.Id, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>Plan changes go to someone who can make them: an admin who did not opt out.</summary>
    public static EndUser? PickAdmin(IEnumerable<EndUser> users) =>
        users.Where(u => !u.OptedOut && u.Role == "admin").OrderBy(u => u.Id, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The payload for <paramref name="definition"/>, or null when it does not fit this account (no user, top plan already).</summary>
    public static JsonObject? Build(ActionDefinition definition, Account account, EndUser? user, AccountScore? score, DateTimeOffset now)
    {
        var drivers = score?.Drivers ?? [];
        var tier = score?.Tier ?? RiskTier.Low;
        var topFeature = drivers.FirstOrDefault(d => d.Contribution > 0)?.Feature;
        if (definition.Audience == "user" && user is null)
            return null;
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        return definition.Type.Value switch
        {
            "show_checklist" => new JsonObject
            {
                ["user_id"] = user!.Id,
                ["checklist_id"] = "getting-started",
                ["title"] = "Get the most out of your workspace",
                ["items"] = new JsonArray("Invite the teammates who should see your reports", "Connect the tools your team already uses", "Build a dashboard for your weekly review"),
            },
            "pin_shortcut" => Pin(user!, SuggestedModule(drivers, "reports")),
            "schedule_nudge" => new JsonObject
            {
                ["user_id"] = user!.Id,
                ["channel"] = "in_app",
                ["category"] = tier == RiskTier.High ? "retention" : "adoption",
                ["message"] = "Automations can take the weekly reporting off your plate. Want to set one up in two minutes?",
                ["send_at"] = PolicyInputIso(now.AddHours(1)),
                ["reason"] = topFeature is null ? "Regular adoption tip." : $"Top churn driver: {SignalDescriber.Name(topFeature)}.",
            },
            "prefill_form" => Prefill(user!, account, drivers),
            "unlock_trial_within_caps" => new JsonObject
            {
                ["account_id"] = account.Id,
                ["feature"] = SuggestedModule(drivers, "automations"),
                ["days"] = 14,
                ["seats"] = Math.Clamp(account.Seats / 2, 1, 10),
            },
            "suggest_upgrade_within_policy" => account.Plan == "enterprise" ? null : new JsonObject
            {
                ["account_id"] = account.Id,
                ["user_id"] = user!.Id,
                ["target_plan"] = account.Plan == "starter" ? "pro" : "enterprise",
                ["message"] = "Your team is using most of what your plan offers. The next plan adds more automation and admin controls.",
            },
            "csm_outreach" => new JsonObject
            {
                ["account_id"] = account.Id,
                ["csm"] = account.CsmOwner,
                ["reason"] = Truncate(topFeature is null ? "Routine check-in." : $"Churn risk {tier.ToString().ToLowerInvariant()}: {SignalDescriber.Describe(drivers.First(d => d.Feature == topFeature))}.", 200),
                ["due_date"] = today.AddDays(tier == RiskTier.High ? 2 : 7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["priority"] = tier switch { RiskTier.High => "high", RiskTier.Medium => "normal", _ => "low" },
            },
            "offer_discount" => new JsonObject
            {
                ["account_id"] = account.Id,
                ["percent"] = tier == RiskTier.High ? 15 : 10,
                ["months"] = 3,
                ["reason"] = $"Retention offer ahead of the renewal on {account.RenewalDate:yyyy-MM-dd}.",
            },
            _ => null,
        };
    }

    private static JsonObject Pin(EndUser user, string feature) => new()
    {
        ["user_id"] = user.Id,
        ["feature"] = feature,
        ["label"] = char.ToUpperInvariant(feature[0]) + feature[1..],
    };

    private static JsonObject Prefill(EndUser user, Account account, IReadOnlyList<FeatureContribution> drivers)
    {
        // Idle seats point at inviting the team; otherwise connecting tools is the stickiest next step.
        var seats = drivers.Any(d => d.Feature is "seat_utilisation" or "active_users_30d" && d.Contribution > 0);
        return seats
            ? new JsonObject { ["user_id"] = user.Id, ["form"] = "team_invite", ["fields"] = new JsonObject { ["workspace"] = account.Name, ["role"] = "member" } }
            : new JsonObject { ["user_id"] = user.Id, ["form"] = "integration_setup", ["fields"] = new JsonObject { ["workspace"] = account.Name, ["region"] = account.Region } };
    }

    private static string SuggestedModule(IReadOnlyList<FeatureContribution> drivers, string fallback) =>
        drivers.Select(d => s_modules.FirstOrDefault(m => d.Feature.Contains(m, StringComparison.Ordinal))).FirstOrDefault(m => m is not null) ?? fallback;

    private static string PolicyInputIso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
