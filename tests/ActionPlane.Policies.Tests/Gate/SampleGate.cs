using System.Text.Json.Nodes;
using ActionPlane.Policies;

namespace ActionPlane.Policies.Tests.Gate;

/// <summary>A realistic gate bundle (partial-set denies, sprintf, time, data limits) kept beside the tests.</summary>
internal static class SampleGate
{
    public const string Limits = """
        {"actionplane": {"limits": {"nudges_user_7d": 3, "discount_no_approval_percent": 10, "discount_max_percent": 30,
          "business_hours": {"start": 8, "end": 18}}}}
        """;

    public static string GateSource => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Gate", "sample_gate.rego.txt"));

    public static PolicyBundle Bundle(params (string Path, string Text)[] extra)
    {
        var files = new Dictionary<string, string>
        {
            ["data.json"] = Limits,
            ["actionplane/gate/gate.rego"] = GateSource,
        };
        foreach (var (path, text) in extra)
        {
            files[path] = text;
        }

        return PolicyBundle.FromFiles(files);
    }

    public static JsonObject Input(string operation = "propose", int percent = 15, string now = "2026-11-23T10:00:00Z", bool consent = true) => new()
    {
        ["operation"] = operation,
        ["action"] = new JsonObject
        {
            ["type"] = "offer_discount",
            ["payload"] = new JsonObject { ["account_id"] = "acc-0042", ["percent"] = percent, ["months"] = 3, ["reason"] = "churn risk" },
            ["metadata"] = new JsonObject { ["audience"] = "account", ["channel"] = "billing", ["category"] = "pricing", ["consequential"] = true },
        },
        ["account"] = new JsonObject
        {
            ["id"] = "acc-0042",
            ["timezone"] = "Europe/Berlin",
            ["consent"] = new JsonObject { ["personalization"] = consent, ["email"] = true },
        },
        ["user"] = null,
        ["history"] = new JsonObject { ["nudges_user_7d"] = 1, ["days_since_same_action"] = null },
        ["actor"] = new JsonObject { ["id"] = "csm@demo.local", ["roles"] = new JsonArray("csm") },
        ["approvals"] = new JsonArray(),
        ["environment"] = new JsonObject { ["name"] = "production", ["now"] = now },
    };
}
