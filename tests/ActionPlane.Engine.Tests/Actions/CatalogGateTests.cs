using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using ActionPlane.Policies;

namespace ActionPlane.Engine.Tests.Actions;

/// <summary>
/// The catalog and the Rego gate are written side by side and must agree: every catalog type's
/// metadata, with its example payload, is allowed for a healthy account on a quiet Tuesday morning.
/// A renamed category or channel in a schema would surface here as an unexpected deny.
/// Reads the repository's <c>policies/</c> folder, so this is the one catalog test that does file I/O.
/// </summary>
public sealed class CatalogGateTests
{
    private static readonly Lazy<EmbeddedPolicyEngine> s_engine = new(() => new EmbeddedPolicyEngine(PolicyBundle.Load(PoliciesDirectory())));

    [Theory]
    [MemberData(nameof(CatalogExamples.AllTypes), MemberType = typeof(CatalogExamples))]
    public async Task Gate_AllowsEveryCatalogExample_AtPropose(string type)
    {
        var definition = ActionCatalog.Default.Get(new ActionTypeId(type));
        var input = Input(definition, CatalogExamples.ValidPayload(type));

        var decision = await s_engine.Value.EvaluateGateAsync(input);

        decision.Deny.Should().BeEmpty();
        decision.Allow.Should().BeTrue();
        decision.RequiresApproval.Should().Be(definition.Consequential);
    }

    private static JsonObject Input(ActionDefinition definition, JsonObject payload) => new()
    {
        ["operation"] = "propose",
        ["action"] = new JsonObject
        {
            ["type"] = definition.Type.Value,
            ["payload"] = payload,
            ["metadata"] = definition.ToPolicyMetadata(),
        },
        ["account"] = new JsonObject
        {
            ["id"] = "acc-0042", ["plan"] = "pro", ["segment"] = "smb", ["region"] = "eu",
            ["timezone"] = "Europe/Berlin", ["mrr"] = 1200, ["seats"] = 25,
            ["renewal_date"] = "2027-01-15", ["days_to_renewal"] = 52, ["environment"] = "production",
            ["consent"] = new JsonObject { ["personalization"] = true, ["email"] = true },
            ["frozen_until"] = null, ["churn_probability"] = 0.42, ["risk_tier"] = "high",
        },
        ["user"] = definition.Audience == "user"
            ? new JsonObject { ["id"] = "usr-0042-01", ["role"] = "admin", ["opted_out"] = false, ["muted_categories"] = new JsonArray() }
            : null,
        ["history"] = new JsonObject
        {
            ["nudges_user_7d"] = 0, ["nudges_account_7d"] = 2, ["messages_account_7d"] = 2,
            ["discounts_account_90d"] = 0, ["days_since_same_action"] = null, ["suppressions"] = new JsonArray(),
        },
        ["actor"] = new JsonObject { ["id"] = "csm@demo.local", ["roles"] = new JsonArray("csm") },
        ["approvals"] = new JsonArray(),
        // A Tuesday morning; the e-mail example is sent at 09:30 Berlin time, inside business hours.
        ["environment"] = new JsonObject { ["name"] = "production", ["now"] = "2026-11-24T08:00:00Z" },
    };

    private static string PoliciesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "policies");
            if (Directory.Exists(Path.Combine(candidate, "actionplane", "gate")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No policies/actionplane/gate folder above {AppContext.BaseDirectory}.");
    }
}
