using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Tests.Support;
using ActionPlane.Policies;
using ActionPlane.Policies.DecisionLogs;
using Npgsql;

namespace ActionPlane.Engine.Tests.Lifecycle;

/// <summary>
/// A decision-log entry stored without its input copy reads back exactly as the whole entry did: the
/// text an export line or the API printed before (the whole masked entry after PostgreSQL's jsonb)
/// equals the entry derived from the compact form and the recorded input after the same round trip.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MaskedDecisionLogTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, bool, bool> Masks => new()
    {
        // The shipped rules: erase contact data, keep that a name was there.
        { """
          mask contains "/input/user/email" if { _ = input.input.user.email }
          mask contains "/input/user/phone" if { _ = input.input.user.phone }
          mask contains {"op": "upsert", "path": "/input/user/name", "value": "**REDACTED**"} if { _ = input.input.user.name }
          """, true, false },
        // Upserts that create parents and new keys, result paths, escaped pointers, misses.
        { """
          mask contains {"op": "upsert", "path": "/input/meta/masked_by", "value": {"z": 1, "a": [1, 2.5, "x"]}}
          mask contains {"op": "upsert", "path": "/input/account/zz_new", "value": 1e-05}
          mask contains {"op": "upsert", "path": "/result/obligations/email_sender", "value": "***"}
          mask contains "/input/a~1b"
          mask contains "/input/not_there"
          mask contains "/input/history/recent/0"
          """, true, true },
        // A broken mask erases the whole input.
        { "mask := {\"a\": 1}", true, false },
        // An upsert a later erase removes leaves an empty parent the compact form cannot replay: stored whole.
        { """
          mask contains {"op": "upsert", "path": "/input/tmp/x", "value": 1}
          mask contains "/input/tmp/x"
          """, false, false },
        // No mask at all.
        { "x := 1", true, false },
    };

    [Theory]
    [MemberData(nameof(Masks))]
    public async Task CompactEntry_ExpandsToTheWholeMaskedEntry_AfterJsonb(string rules, bool compacts, bool masksResult)
    {
        // Arrange: a real masked entry from the real masker.
        var engine = new EmbeddedPolicyEngine(PolicyBundle.FromFiles(new Dictionary<string, string> { ["mask.rego"] = "package system.log\n\n" + rules + "\n" }));
        var input = Input();
        var decision = new PolicyDecision("d-1", false, [new PolicyViolation("caps.weekly", "Too many")], true,
            new JsonObject { ["email_sender"] = "eu@x.example", ["autonomy_level"] = "suggest" }, "rev-1", 1234);
        var entry = (await new DecisionLogger(engine, new FixedTime(At)).CreateEntryAsync(decision, input)).ToJsonObject();
        // The result as the event records it (the gate's shape, which the mask may have changed in the entry).
        var result = JsonNode.Parse(JsonSerializer.Serialize(DecisionLogEntry.FromDecision(decision, [], At).Result))!.AsObject();

        // Act
        var compact = MaskedDecisionLog.Compact(entry, input, result);
        var derived = MaskedDecisionLog.Expand(await JsonbAsync(compact), await JsonbAsync(input), await JsonbAsync(result));

        // Assert
        compact.ContainsKey("input").Should().Be(!compacts);
        compact.ContainsKey("result").Should().Be(!compacts || masksResult, "the result is left out when the mask left it as recorded");
        derived.ToJsonString().Should().Be((await JsonbAsync(entry)).ToJsonString());
        MaskedDecisionLog.Expand(await JsonbAsync(entry), await JsonbAsync(input), await JsonbAsync(result)).ToJsonString()
            .Should().Be((await JsonbAsync(entry)).ToJsonString(), "an entry stored whole reads as it was");
    }

    private static JsonObject Input() => new()
    {
        ["action"] = new JsonObject { ["type"] = "schedule_nudge", ["payload"] = new JsonObject { ["message"] = "Hi Ana", ["delay_days"] = 2 } },
        ["account"] = new JsonObject { ["id"] = "acc-1", ["mrr"] = 1234.5, ["churn_probability"] = 0.123456789012, ["tiny"] = 1e-7 },
        ["user"] = new JsonObject { ["id"] = "usr-1", ["name"] = "Ana Example", ["email"] = "ana@customer.example", ["phone"] = "+1 555" },
        ["history"] = new JsonObject { ["recent"] = new JsonArray("a", "b"), ["nudges_user_7d"] = 1 },
        ["a/b"] = true,
    };

    private async Task<JsonObject> JsonbAsync(JsonObject value)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select $1::jsonb::text", connection) { Parameters = { new() { Value = value.ToJsonString() } } };
        return JsonNode.Parse((string)(await command.ExecuteScalarAsync())!)!.AsObject();
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
