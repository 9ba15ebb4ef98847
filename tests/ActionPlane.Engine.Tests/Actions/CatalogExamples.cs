using System.Text.Json.Nodes;

namespace ActionPlane.Engine.Tests.Actions;

/// <summary>One realistic, valid payload per action type, as the NBA engine would propose them.</summary>
internal static class CatalogExamples
{
    public static JsonObject ValidPayload(string type) => type switch
    {
        "show_checklist" => new()
        {
            ["user_id"] = "usr-0042-01",
            ["checklist_id"] = "first-week",
            ["title"] = "Finish setting up your workspace",
            ["items"] = new JsonArray("Invite a teammate", "Connect your CRM", "Build a first report"),
        },
        "pin_shortcut" => new() { ["user_id"] = "usr-0042-01", ["feature"] = "automations", ["label"] = "Automations" },
        "schedule_nudge" => new()
        {
            ["user_id"] = "usr-0042-01",
            ["channel"] = "email",
            ["category"] = "adoption",
            ["message"] = "Reports you build once can be sent to your team every Monday.",
            ["send_at"] = "2026-11-24T09:30:00+01:00",
            ["reason"] = "You opened reports 6 times this week but have not scheduled one.",
        },
        "prefill_form" => new()
        {
            ["user_id"] = "usr-0042-01",
            ["form"] = "sso_setup",
            ["fields"] = new JsonObject { ["sso_domain"] = "demo.example", ["provider"] = "okta" },
        },
        "unlock_trial_within_caps" => new() { ["account_id"] = "acc-0042", ["feature"] = "api", ["days"] = 14, ["seats"] = 10 },
        "suggest_upgrade_within_policy" => new()
        {
            ["account_id"] = "acc-0042",
            ["user_id"] = "usr-0042-01",
            ["target_plan"] = "enterprise",
            ["message"] = "You are at 24 of 25 seats; Enterprise removes the seat limit.",
        },
        "csm_outreach" => new()
        {
            ["account_id"] = "acc-0042",
            ["csm"] = "csm@demo.local",
            ["reason"] = "Logins dropped 40% in three weeks and renewal is in 53 days.",
            ["due_date"] = "2026-11-27",
            ["priority"] = "high",
        },
        "offer_discount" => new() { ["account_id"] = "acc-0042", ["percent"] = 15, ["months"] = 3, ["reason"] = "Retention offer before renewal." },
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no example for this type"),
    };

    public static readonly string[] Types =
    [
        "show_checklist", "pin_shortcut", "schedule_nudge", "prefill_form",
        "unlock_trial_within_caps", "suggest_upgrade_within_policy", "csm_outreach", "offer_discount",
    ];

    public static TheoryData<string> AllTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in Types)
        {
            data.Add(type);
        }

        return data;
    }
}
