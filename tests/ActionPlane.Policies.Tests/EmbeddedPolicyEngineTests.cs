using System.Text.Json.Nodes;
using ActionPlane.Policies.Tests.Gate;

namespace ActionPlane.Policies.Tests;

public sealed class EmbeddedPolicyEngineTests
{
    [Fact]
    public async Task PolicyEngine_Allows_DiscountProposalWithinCap_AndRequiresApproval()
    {
        var engine = new EmbeddedPolicyEngine(SampleGate.Bundle());

        var decision = await engine.EvaluateGateAsync(SampleGate.Input());

        decision.Allow.Should().BeTrue();
        decision.Deny.Should().BeEmpty();
        decision.RequiresApproval.Should().BeTrue();
        decision.Revision.Should().Be(engine.Revision).And.HaveLength(12);
        decision.Obligations["weekday"]!.GetValue<string>().Should().Be("Monday");
        decision.Error.Should().BeNull();
        decision.EvaluationNanoseconds.Should().BePositive();
    }

    [Fact]
    public async Task PolicyEngine_Denies_WhenDiscountExceedsCap()
    {
        var engine = new EmbeddedPolicyEngine(SampleGate.Bundle());

        var decision = await engine.EvaluateGateAsync(SampleGate.Input(percent: 45));

        decision.Allow.Should().BeFalse();
        decision.Deny.Should().ContainSingle(v => v.Rule == "discount.cap")
            .Which.Message.Should().Be("discount 45% exceeds cap 30%");
    }

    [Fact]
    public async Task PolicyEngine_Denies_ApplyWithoutApproverOtherThanActor()
    {
        var engine = new EmbeddedPolicyEngine(SampleGate.Bundle());
        var input = SampleGate.Input(operation: "apply");
        input["approvals"] = new JsonArray(new JsonObject { ["by"] = "csm@demo.local", ["roles"] = new JsonArray("approver") });

        var decision = await engine.EvaluateGateAsync(input);

        decision.Deny.Select(v => v.Rule).Should().Equal("approval.missing");
    }

    [Fact]
    public async Task PolicyEngine_Allows_ApplyApprovedBySomeoneElse()
    {
        var engine = new EmbeddedPolicyEngine(SampleGate.Bundle());
        var input = SampleGate.Input(operation: "apply");
        input["approvals"] = new JsonArray(new JsonObject { ["by"] = "boss@demo.local", ["roles"] = new JsonArray("approver") });

        var decision = await engine.EvaluateGateAsync(input);

        decision.Allow.Should().BeTrue();
    }

    [Fact]
    public async Task PolicyEngine_Denies_OutsideBusinessHoursInAccountTimeZone()
    {
        var engine = new EmbeddedPolicyEngine(SampleGate.Bundle());

        // 17:30 UTC is 18:30 in Berlin (CET): closed there although still open in UTC.
        var decision = await engine.EvaluateGateAsync(SampleGate.Input(now: "2026-11-23T17:30:00Z"));

        decision.Deny.Should().ContainSingle().Which.Message.Should().Be("outside business hours (18:00 Europe/Berlin)");
    }

    [Fact]
    public async Task PolicyEngine_FailsClosed_OnEvaluationError()
    {
        var bundle = PolicyBundle.FromFiles(new Dictionary<string, string>
        {
            ["gate.rego"] = """
                package actionplane.gate
                decision := {"allow": true, "deny": []} if input.x == 1
                decision := {"allow": false, "deny": []} if input.y == 1
                """,
        });
        var engine = new EmbeddedPolicyEngine(bundle);

        var decision = await engine.EvaluateGateAsync(new JsonObject { ["x"] = 1, ["y"] = 1 });

        decision.Allow.Should().BeFalse();
        decision.Error.Should().Contain("eval_conflict_error").And.Contain("gate.rego:");
        decision.Deny.Should().ContainSingle(v => v.Rule == "evaluation_error");
    }

    [Fact]
    public async Task PolicyEngine_FailsClosed_WhenDecisionIsUndefinedOrNotAnObject()
    {
        var undefined = new EmbeddedPolicyEngine(PolicyBundle.FromFiles(new Dictionary<string, string> { ["g.rego"] = "package actionplane.gate\ndecision := 1 if false" }));
        var scalar = new EmbeddedPolicyEngine(PolicyBundle.FromFiles(new Dictionary<string, string> { ["g.rego"] = "package actionplane.gate\ndecision := true" }));

        var a = await undefined.EvaluateGateAsync([]);
        var b = await scalar.EvaluateGateAsync([]);

        a.Allow.Should().BeFalse();
        a.Error.Should().Contain("undefined");
        b.Allow.Should().BeFalse();
        b.Error.Should().Contain("must be an object");
    }

    [Fact]
    public async Task PolicyEngine_FailsClosed_WhenPolicyRunsAway()
    {
        var bundle = PolicyBundle.FromFiles(new Dictionary<string, string>
        {
            ["g.rego"] = """
                package actionplane.gate
                n := numbers.range(1, 3000)
                decision := {"allow": true, "deny": [], "c": count([1 | some a in n; some b in n; some c in n])}
                """,
        });
        var engine = new EmbeddedPolicyEngine(bundle, timeout: TimeSpan.FromMilliseconds(200));

        var decision = await engine.EvaluateGateAsync([]);

        decision.Allow.Should().BeFalse();
        decision.Error.Should().Contain("eval_cancel_error");
    }

    [Fact]
    public async Task PolicyEngine_GivesEachDecisionAFreshId()
    {
        var engine = new EmbeddedPolicyEngine(SampleGate.Bundle());

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ => (await engine.EvaluateGateAsync(SampleGate.Input())).DecisionId));

        ids.Should().OnlyHaveUniqueItems().And.AllSatisfy(id => Guid.TryParse(id, out _).Should().BeTrue());
    }

    [Fact]
    public async Task PolicyEngine_EvaluatesConcurrently_WithConsistentResults()
    {
        var engine = new EmbeddedPolicyEngine(SampleGate.Bundle());

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
            (i, (await engine.EvaluateGateAsync(SampleGate.Input(percent: i % 2 == 0 ? 15 : 45))).Allow))));

        results.Should().AllSatisfy(r => r.Allow.Should().Be(r.i % 2 == 0));
    }

    [Fact]
    public async Task EvaluateAsync_ReturnsDocument_OrNullWhenUndefined()
    {
        var engine = new EmbeddedPolicyEngine(SampleGate.Bundle());

        var limits = await engine.EvaluateAsync("actionplane/limits/discount_max_percent", []);
        var missing = await engine.EvaluateAsync("actionplane/nothing/here", []);

        limits!.GetValue<int>().Should().Be(30);
        missing.Should().BeNull();
    }
}
