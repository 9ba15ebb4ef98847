using System.Text.Json.Nodes;
using ActionPlane.Policies.DecisionLogs;
using ActionPlane.Policies.Opa;

namespace ActionPlane.Policies.Tests.Opa;

public sealed class OpaDecisionLogMaskingTests
{
    [Fact]
    public async Task Masker_EvaluatesSystemLogMask_OnTheOpaServer_WithTheRecordAsInput()
    {
        await using var opa = new FakeOpaServer((path, body) =>
        {
            // Like OPA: the mask policy sees the whole decision-log event as input.
            var email = body["input"]?["input"]?["user"]?["email"];
            return Task.FromResult(path == "/v1/data/system/log/mask" && email is not null
                ? (200, """{"result":["/input/user/email",{"op":"upsert","path":"/input/user/name","value":"**REDACTED**"}]}""")
                : (200, "{}"));
        });
        using var engine = new OpaHttpPolicyEngine(opa.BaseUrl, FakeOpaServer.AnswerTimeout);
        var input = new JsonObject { ["user"] = new JsonObject { ["id"] = "usr-1", ["email"] = "ana@example.com", ["name"] = "Ana" } };
        var entry = DecisionLogEntry.FromDecision(new PolicyDecision("d-9", true, [], false, [], "actionplane:g7", 1200), input, DateTimeOffset.UnixEpoch);

        var masked = await new DecisionLogMasker(engine).MaskAsync(entry);

        opa.Requests.Should().ContainSingle();
        opa.Requests[0].Body["input"]!["decision_id"]!.GetValue<string>().Should().Be("d-9");
        masked.Input!["user"]!.AsObject().ContainsKey("email").Should().BeFalse();
        masked.Input!["user"]!["name"]!.GetValue<string>().Should().Be("**REDACTED**");
        masked.Erased.Should().Equal("/input/user/email");
        masked.Masked.Should().Equal("/input/user/name");
    }

    [Fact]
    public async Task Masker_ErasesTheInput_WhenTheOpaServerFails()
    {
        await using var opa = FakeOpaServer.Answering(503, "unavailable");
        using var engine = new OpaHttpPolicyEngine(opa.BaseUrl, FakeOpaServer.AnswerTimeout);
        var entry = DecisionLogEntry.FromDecision(new PolicyDecision("d-10", false, [], false, [], "r", 0),
            new JsonObject { ["user"] = new JsonObject { ["email"] = "ana@example.com" } }, DateTimeOffset.UnixEpoch);

        var masked = await new DecisionLogMasker(engine).MaskAsync(entry);

        masked.Input.Should().BeNull();
        masked.Erased.Should().Equal("/input");
        masked.MaskError.Should().Contain("503");
    }
}
