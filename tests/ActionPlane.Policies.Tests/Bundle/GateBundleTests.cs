using System.Text.Json.Nodes;
using ActionPlane.Policies;

namespace ActionPlane.Policies.Tests.Bundle;

/// <summary>The repository's Rego bundle, evaluated end to end by the embedded engine.</summary>
public sealed class GateBundleTests
{
    private readonly EmbeddedPolicyEngine _engine = new(RepositoryBundle.Instance);

    [Fact]
    public async Task Gate_Allows_NudgeWithinCaps()
    {
        var decision = await _engine.EvaluateGateAsync(GateInputs.Nudge());

        decision.Error.Should().BeNull();
        decision.Allow.Should().BeTrue();
        decision.Deny.Should().BeEmpty();
        decision.RequiresApproval.Should().BeFalse();
        decision.Obligations["explain_to_user"]!.GetValue<bool>().Should().BeTrue();
        decision.Revision.Should().Be(RepositoryBundle.Instance.Revision);
    }

    [Fact]
    public async Task Gate_Denies_NudgeOverUserWeeklyCap()
    {
        var decision = await _engine.EvaluateGateAsync(GateInputs.Nudge(nudgesUserLast7Days: 3));

        decision.Allow.Should().BeFalse();
        decision.Deny.Should().ContainSingle().Which.Should().Be(new PolicyViolation(
            "frequency_cap.user_weekly",
            "User usr-0042-01 already got 3 nudges in the last 7 days; the weekly cap per user is 3."));
    }

    [Fact]
    public async Task Gate_Denies_EmailOutsideTheAccountsBusinessHours()
    {
        var decision = await _engine.EvaluateGateAsync(GateInputs.Nudge(channel: "email", sendAt: "2026-11-24T19:05:00Z"));

        decision.Deny.Should().ContainSingle().Which.Message.Should().Contain("Tuesday at 20:05 in Europe/Berlin");
    }

    [Fact]
    public async Task Gate_RequiresApproval_ForDiscountProposal()
    {
        var decision = await _engine.EvaluateGateAsync(GateInputs.Discount("propose"));

        decision.Allow.Should().BeTrue();
        decision.RequiresApproval.Should().BeTrue();
        decision.Obligations["approval_roles"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("approver");
    }

    [Fact]
    public async Task Gate_Denies_DiscountApplyWithoutApproval()
    {
        var decision = await _engine.EvaluateGateAsync(GateInputs.Discount("apply"));

        decision.Allow.Should().BeFalse();
        decision.Deny.Should().ContainSingle().Which.Rule.Should().Be("approval.missing");
    }

    [Fact]
    public async Task Gate_Denies_DiscountApplyApprovedOnlyByTheActor()
    {
        var decision = await _engine.EvaluateGateAsync(
            GateInputs.Discount("apply", 15, GateInputs.Approval("csm@demo.local", "csm", "approver")));

        decision.Deny.Should().ContainSingle().Which.Rule.Should().Be("approval.missing");
    }

    [Fact]
    public async Task Gate_Allows_DiscountApplyApprovedByAnotherApprover()
    {
        var decision = await _engine.EvaluateGateAsync(
            GateInputs.Discount("apply", 15, GateInputs.Approval("approver@demo.local", "approver")));

        decision.Allow.Should().BeTrue();
        decision.RequiresApproval.Should().BeTrue();
    }

    [Fact]
    public async Task Gate_Denies_DiscountAboveTheMaximum_EvenWhenApproved()
    {
        var decision = await _engine.EvaluateGateAsync(
            GateInputs.Discount("apply", 45, GateInputs.Approval("approver@demo.local", "approver")));

        decision.Deny.Should().ContainSingle().Which.Should().Be(new PolicyViolation(
            "approval.max_discount", "A 45 percent discount exceeds the maximum of 30 percent."));
    }

    [Theory]
    [InlineData("propose")]
    [InlineData("approve")]
    [InlineData("apply")]
    public async Task Gate_Denies_EveryStepButUndo_OnAChurnedAccount_NamingTheChurnDay(string operation)
    {
        var input = GateInputs.Discount(operation, 15, GateInputs.Approval("approver@demo.local", "approver"));
        input["account"]!["churned_on"] = "2026-10-03";

        var decision = await _engine.EvaluateGateAsync(input);

        decision.Deny.Should().ContainSingle().Which.Should().Be(new PolicyViolation(
            "eligibility.churned", "Account acc-0042 churned on 2026-10-03: former customers get no actions."));
    }

    [Fact]
    public async Task Gate_Allows_UndoOnAChurnedAccount()
    {
        var input = GateInputs.Discount("undo");
        input["account"]!["churned_on"] = "2026-10-03";

        var decision = await _engine.EvaluateGateAsync(input);

        decision.Allow.Should().BeTrue(string.Join("; ", decision.Deny));
    }

    [Fact]
    public async Task Gate_Allows_ApprovingADiscountForAnActiveAccount()
    {
        var decision = await _engine.EvaluateGateAsync(GateInputs.Discount("approve"));

        decision.Allow.Should().BeTrue(string.Join("; ", decision.Deny));
    }

    [Theory]
    [InlineData("csm", "apply", true)]
    [InlineData("reviewer", "apply", false)]
    [InlineData("reviewer", "export", true)]
    [InlineData("approver", "approve", true)]
    public async Task Authz_GrantsOperationsByRole(string role, string operation, bool expected)
    {
        var input = new JsonObject
        {
            ["operation"] = operation,
            ["actor"] = new JsonObject { ["id"] = $"{role}@demo.local", ["roles"] = new JsonArray(role) },
            ["resource"] = new JsonObject { ["proposed_by"] = "nba-engine" },
        };

        var allow = await _engine.EvaluateAsync("actionplane/authz/allow", input);

        allow!.GetValue<bool>().Should().Be(expected);
    }

    [Fact]
    public void BundleRegoTests_AllPass()
    {
        var report = PolicyTestRunner.Run(RepositoryBundle.Instance);

        var failures = report.Results.Where(r => !r.Passed).Select(r => $"{r.FullName} ({r.File}:{r.Row}): {r.Error ?? "failed"}");
        failures.Should().BeEmpty();
        report.Results.Should().HaveCountGreaterThan(60);
        report.Results.Select(r => r.Package).Should().Contain(["actionplane.gate_test", "actionplane.authz_test"]);
    }
}
