using System.Text.Json.Nodes;

namespace ActionPlane.Policies.Tests.Bundle;

/// <summary>Realistic gate inputs shaped exactly like the Engine builds them (see the gate contract).</summary>
internal static class GateInputs
{
    // Tuesday, 11:00 in Berlin.
    private const string Now = "2026-11-24T10:00:00Z";

    public static JsonObject Nudge(int nudgesUserLast7Days = 1, string channel = "in_app", string sendAt = "2026-11-24T10:30:00+01:00") =>
        Input("propose",
            action: new JsonObject
            {
                ["type"] = "schedule_nudge",
                ["payload"] = new JsonObject
                {
                    ["user_id"] = "usr-0042-01",
                    ["channel"] = channel,
                    ["category"] = "adoption",
                    ["message"] = "Reports you build once can be sent to your team every Monday.",
                    ["send_at"] = sendAt,
                    ["reason"] = "You opened reports 6 times this week but have not scheduled one.",
                },
                ["metadata"] = Metadata("user", "in_app", "adoption", consequential: false, cooldownDays: 2),
            },
            user: new JsonObject { ["id"] = "usr-0042-01", ["role"] = "admin", ["opted_out"] = false, ["muted_categories"] = new JsonArray() },
            nudgesUserLast7Days: nudgesUserLast7Days,
            approvals: []);

    public static JsonObject Discount(string operation, int percent = 15, params JsonObject[] approvals) =>
        Input(operation,
            action: new JsonObject
            {
                ["type"] = "offer_discount",
                ["payload"] = new JsonObject { ["account_id"] = "acc-0042", ["percent"] = percent, ["months"] = 3, ["reason"] = "Retention offer before renewal." },
                // The approvals below were given for this payload and revision (see approvals.rego).
                ["approval_hash"] = ApprovedHash,
                ["metadata"] = Metadata("account", "billing", "pricing", consequential: true, cooldownDays: 30),
            },
            user: null,
            nudgesUserLast7Days: 0,
            approvals: approvals);

    public const string ApprovedHash = "sha256:approved";

    public static JsonObject Approval(string by, params string[] roles) =>
        new() { ["by"] = by, ["roles"] = new JsonArray(roles.Select(r => (JsonNode?)r).ToArray()), ["hash"] = ApprovedHash };

    private static JsonObject Metadata(string audience, string channel, string category, bool consequential, int cooldownDays) => new()
    {
        ["audience"] = audience,
        ["channel"] = channel,
        ["category"] = category,
        ["consequential"] = consequential,
        ["reversible"] = true,
        ["cost"] = 0,
        ["cooldown_days"] = cooldownDays,
    };

    private static JsonObject Input(string operation, JsonObject action, JsonObject? user, int nudgesUserLast7Days, JsonObject[] approvals) => new()
    {
        ["operation"] = operation,
        ["action"] = action,
        ["account"] = new JsonObject
        {
            ["id"] = "acc-0042", ["plan"] = "pro", ["segment"] = "smb", ["region"] = "eu",
            ["timezone"] = "Europe/Berlin", ["mrr"] = 1200, ["seats"] = 25,
            ["renewal_date"] = "2027-01-15", ["days_to_renewal"] = 52, ["environment"] = "production",
            ["consent"] = new JsonObject { ["personalization"] = true, ["email"] = true },
            ["frozen_until"] = null, ["churned_on"] = null, ["churn_probability"] = 0.42, ["risk_tier"] = "high",
        },
        ["user"] = user,
        ["history"] = new JsonObject
        {
            ["nudges_user_7d"] = nudgesUserLast7Days, ["nudges_account_7d"] = 3, ["messages_account_7d"] = 4,
            ["discounts_account_90d"] = 0, ["days_since_same_action"] = null, ["suppressions"] = new JsonArray(),
        },
        ["actor"] = new JsonObject { ["id"] = "csm@demo.local", ["roles"] = new JsonArray("csm") },
        ["approvals"] = new JsonArray(approvals.Select(a => (JsonNode?)a).ToArray()),
        ["environment"] = new JsonObject { ["name"] = "production", ["now"] = Now },
    };
}
