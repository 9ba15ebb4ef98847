using System.Text.Json.Nodes;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Lifecycle;

/// <summary>Past the weekly budget (50, less than one outreach costs) proposals are suggest-only, and apply enforces it.</summary>
public sealed class SuggestOnlyApplyTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    internal static readonly Actor ServiceToken = new("service:0f3a9c", ["csm"]);

    protected override void Configure(ActionPlaneEngineOptions options) => options.Decisioning.WeeklyBudget = 50m;

    [Fact]
    public async Task Apply_PastTheWeeklyBudget_ByAServiceToken_IsDeniedAsSuggestOnly_AndChangesNothing()
    {
        var proposal = await H.ProposeAsync("csm_outreach");

        var act = () => H.Applier.ApplyAsync(proposal.ProposalId, "k1", ServiceToken);

        var error = (await act.Should().ThrowAsync<LifecycleException>()).Which;
        error.Kind.Should().Be(LifecycleErrorKind.PolicyDenied);
        error.Reasons.Should().ContainSingle(r => r.Contains("budget.suggest_only"));
        var record = (await H.Decisions.GetAsync(proposal.ProposalId))!;
        record.AppliedAt.Should().BeNull();
        var gate = (await H.EventsAsync(proposal.ProposalId)).OfType<PolicyEvaluated>().Last();
        gate.Operation.Should().Be("apply");
        gate.Input["budget"]!["suggest_only"]!.GetValue<bool>().Should().BeTrue("the gate saw the budget it denied on");
    }

    [Fact]
    public async Task Apply_PastTheWeeklyBudget_ByAPerson_IsAllowed()
    {
        var proposal = await H.ProposeAsync("csm_outreach");

        var receipt = await H.Applier.ApplyAsync(proposal.ProposalId, "k1", LifecycleHarness.Csm);

        receipt.ProposalId.Should().Be(proposal.ProposalId);
        (await H.Decisions.GetAsync(proposal.ProposalId))!.AppliedAt.Should().NotBeNull();
    }
}

/// <summary>The same service token within the budget: the rule only bites once the budget is spent.</summary>
public sealed class WithinBudgetApplyTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    protected override void Configure(ActionPlaneEngineOptions options) => options.Decisioning.WeeklyBudget = 10_000m;

    [Fact]
    public async Task Apply_WithinTheWeeklyBudget_ByAServiceToken_IsAllowed()
    {
        var proposal = await H.ProposeAsync("csm_outreach");

        await H.Applier.ApplyAsync(proposal.ProposalId, "k1", SuggestOnlyApplyTests.ServiceToken);

        var gate = (await H.EventsAsync(proposal.ProposalId)).OfType<PolicyEvaluated>().Last();
        gate.Allow.Should().BeTrue();
        gate.Input["budget"]!["suggest_only"]!.GetValue<bool>().Should().BeFalse();
    }
}
