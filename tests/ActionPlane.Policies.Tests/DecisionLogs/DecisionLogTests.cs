using System.Text.Json.Nodes;
using ActionPlane.Policies.DecisionLogs;
using ActionPlane.Policies.Tests.Bundle;

namespace ActionPlane.Policies.Tests.DecisionLogs;

public sealed class DecisionLogTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static JsonObject NudgeWithPersonalData()
    {
        var input = GateInputs.Nudge();
        input["user"]!["email"] = "ana@customer.example";
        input["user"]!["name"] = "Ana Example";
        return input;
    }

    [Fact]
    public async Task FromDecision_BuildsAnOpaShapedRecord_FromAGateDecision()
    {
        var engine = new EmbeddedPolicyEngine(RepositoryBundle.Instance);
        var input = GateInputs.Nudge();
        var decision = await engine.EvaluateGateAsync(input);

        var json = JsonNode.Parse(DecisionLogEntry.FromDecision(decision, input, At).ToJson())!.AsObject();

        json["decision_id"]!.GetValue<string>().Should().Be(decision.DecisionId);
        json["path"]!.GetValue<string>().Should().Be("actionplane/gate/decision");
        JsonNode.DeepEquals(json["input"], input).Should().BeTrue();
        json["result"]!["allow"]!.GetValue<bool>().Should().Be(decision.Allow);
        json["result"]!["deny"]!.AsArray().Count.Should().Be(decision.Deny.Count);
        json["bundles"]!["actionplane"]!["revision"]!.GetValue<string>().Should().Be(RepositoryBundle.Instance.Revision);
        DateTimeOffset.Parse(json["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(At);
        json["metrics"]!["timer_rego_query_eval_ns"]!.GetValue<long>().Should().Be(decision.EvaluationNanoseconds);
        json.ContainsKey("error").Should().BeFalse();
        json.ContainsKey("erased").Should().BeFalse();
    }

    [Fact]
    public void FromDecision_RecordsTheError_OfAFailClosedDecision()
    {
        var decision = PolicyDecision.FailClosed("d-1", "rev-1", "eval_conflict_error: boom");

        var json = DecisionLogEntry.FromDecision(decision, [], At).ToJsonObject();

        json["error"]!.GetValue<string>().Should().Be("eval_conflict_error: boom");
        json["result"]!["allow"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task Masker_ErasesEmail_AndRedactsName_WithTheRepositoryMaskPolicy()
    {
        var engine = new EmbeddedPolicyEngine(RepositoryBundle.Instance);
        var input = NudgeWithPersonalData();
        var decision = await engine.EvaluateGateAsync(input);
        var entry = DecisionLogEntry.FromDecision(decision, input, At);

        var masked = await new DecisionLogMasker(engine).MaskAsync(entry);

        masked.Input!["user"]!.AsObject().ContainsKey("email").Should().BeFalse();
        masked.Input!["user"]!["name"]!.GetValue<string>().Should().Be("**REDACTED**");
        masked.Input!["user"]!["id"]!.GetValue<string>().Should().Be("usr-0042-01");
        masked.Erased.Should().Equal("/input/user/email");
        masked.Masked.Should().Equal("/input/user/name");
        masked.MaskError.Should().BeNull();
        input["user"]!["email"]!.GetValue<string>().Should().Be("ana@customer.example", "the caller's input is never touched");
        entry.Input!["user"]!["email"].Should().NotBeNull("masking returns a copy");
    }

    [Fact]
    public async Task Masker_LeavesTheRecordUnchanged_WhenTheBundleHasNoMaskPolicy()
    {
        var engine = new EmbeddedPolicyEngine(PolicyBundle.FromFiles(new Dictionary<string, string>
        {
            ["p.rego"] = "package p\n\nx := 1\n",
        }));
        var entry = DecisionLogEntry.FromDecision(PolicyDecision.FailClosed("d-1", "r", "e"), NudgeWithPersonalData(), At);

        var masked = await new DecisionLogMasker(engine).MaskAsync(entry);

        masked.Should().BeSameAs(entry);
    }

    [Fact]
    public async Task Masker_SupportsRemove_UpsertWithNewParents_ResultPaths_AndEscapedPointers()
    {
        var engine = MaskEngine("""
            mask contains {"op": "remove", "path": "/input/secret"}
            mask contains {"op": "upsert", "path": "/input/meta/masked_by", "value": "policy"}
            mask contains {"op": "upsert", "path": "/result/obligations/email_sender", "value": "***"}
            mask contains "/input/a~1b"
            mask contains "/input/not_there"
            """);
        var input = new JsonObject { ["secret"] = "s3", ["a/b"] = 1, ["keep"] = true };
        var decision = new PolicyDecision("d-2", true, [], false, new JsonObject { ["email_sender"] = "eu@x.example" }, "r", 10);

        var masked = await new DecisionLogMasker(engine).MaskAsync(DecisionLogEntry.FromDecision(decision, input, At));

        JsonNode.DeepEquals(masked.Input, JsonNode.Parse("""{"keep":true,"meta":{"masked_by":"policy"}}""")).Should().BeTrue(masked.Input!.ToJsonString());
        masked.Result!["obligations"]!["email_sender"]!.GetValue<string>().Should().Be("***");
        masked.Erased.Should().BeEquivalentTo("/input/secret", "/input/a~1b");
        masked.Masked.Should().BeEquivalentTo("/input/meta/masked_by", "/result/obligations/email_sender");
    }

    [Theory]
    [InlineData("mask contains \"/data/secret\"", "/input or /result")]
    [InlineData("mask contains \"input/x\"", "JSON pointer")]
    [InlineData("mask contains {\"op\": \"replace\", \"path\": \"/input/x\"}", "remove\" or \"upsert")]
    [InlineData("mask contains {\"op\": \"upsert\", \"path\": \"/input/x\"}", "needs a \"value\"")]
    [InlineData("mask contains 42", "JSON pointer string")]
    [InlineData("mask := {\"a\": 1}", "set of rules")]
    [InlineData("mask := x if { x := 1 }\nmask := x if { x := 2 }", "conflict")]
    public async Task Masker_ErasesTheWholeInput_WhenTheMaskPolicyIsInvalidOrFails(string rules, string expected)
    {
        var engine = MaskEngine(rules);
        var entry = DecisionLogEntry.FromDecision(PolicyDecision.FailClosed("d-3", "r", "e"), NudgeWithPersonalData(), At);

        var masked = await new DecisionLogMasker(engine).MaskAsync(entry);

        masked.Input.Should().BeNull();
        masked.Erased.Should().Equal("/input");
        masked.MaskError.Should().NotBeNullOrEmpty().And.Contain(expected);
        masked.Result.Should().NotBeNull("the verdict itself is still recorded");
    }

    [Fact]
    public async Task DecisionLogger_StampsTheRecordWithTheClock_AndMasksIt()
    {
        var engine = new EmbeddedPolicyEngine(RepositoryBundle.Instance);
        var input = NudgeWithPersonalData();
        var decision = await engine.EvaluateGateAsync(input);

        var entry = await new DecisionLogger(engine, new FixedTime(At)).CreateEntryAsync(decision, input);

        entry.Timestamp.Should().Be(At);
        entry.DecisionId.Should().Be(decision.DecisionId);
        entry.Erased.Should().Contain("/input/user/email");
    }

    [Fact]
    public void MaskPolicy_RegoTests_Pass()
    {
        var report = PolicyTestRunner.Run(RepositoryBundle.Instance, "data.system.log_test.");

        report.Results.Should().HaveCount(4);
        report.Results.Where(r => !r.Passed).Select(r => $"{r.Name}: {r.Error}").Should().BeEmpty();
    }

    private static EmbeddedPolicyEngine MaskEngine(string rules) =>
        new(PolicyBundle.FromFiles(new Dictionary<string, string> { ["system/log/mask.rego"] = "package system.log\n\n" + rules + "\n" }));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
