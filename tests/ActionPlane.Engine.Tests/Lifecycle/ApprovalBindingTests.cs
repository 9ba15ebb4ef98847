using System.Text.Json.Nodes;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using ActionPlane.Policies;
using ActionPlane.Policies.Bundles;
using Marten;

namespace ActionPlane.Engine.Tests.Lifecycle;

/// <summary>An approval counts only for the payload and policy revision it was given for.</summary>
public sealed class ApprovalBindingTests(PostgresFixture postgres) : HarnessTest(postgres), IDisposable
{
    private readonly BundleCopy _bundle = new();

    protected override void Configure(ActionPlaneEngineOptions options)
    {
        options.PoliciesDirectory = _bundle.Path;
        options.WatchPolicies = false;
    }

    public void Dispose() => _bundle.Dispose();

    private ProposalEditor Editor => H.Get<ProposalEditor>();

    [Fact]
    public async Task Apply_AfterPayloadEditedPostApproval_IsRefusedNamingTheVoidedApproval()
    {
        // Arrange: an approved discount whose percent is then raised.
        var discount = await H.ProposeAsync("offer_discount");
        await H.Approvals.ApproveAsync(discount.ProposalId, LifecycleHarness.Approver);
        var edited = discount.Payload.DeepClone().AsObject();
        edited["percent"] = 25;
        var edit = await Editor.EditPayloadAsync(discount.ProposalId, edited, LifecycleHarness.Csm);

        // Act
        var act = () => H.Applier.ApplyAsync(discount.ProposalId, "k", LifecycleHarness.Csm);

        // Assert
        edit.Changed.Should().BeTrue();
        var refusal = (await act.Should().ThrowAsync<LifecycleException>()).Which;
        refusal.Kind.Should().Be(LifecycleErrorKind.PolicyDenied);
        refusal.Reasons.Should().ContainSingle().Which.Should().StartWith("approval.voided").And.Contain(LifecycleHarness.Approver.Id);
        var events = await H.EventsAsync(discount.ProposalId);
        events.OfType<ActionApplied>().Should().BeEmpty();
        events.Last().Should().BeOfType<PolicyEvaluated>().Which.Allow.Should().BeFalse("the refusal itself is recorded as the gate's decision");
        await using var session = H.Store.QuerySession();
        (await session.Query<DiscountOffer>().CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Apply_AfterEditAndFreshApproval_Succeeds()
    {
        var discount = await H.ProposeAsync("offer_discount");
        await H.Approvals.ApproveAsync(discount.ProposalId, LifecycleHarness.Approver);
        var edited = discount.Payload.DeepClone().AsObject();
        edited["percent"] = 12;
        await Editor.EditPayloadAsync(discount.ProposalId, edited, LifecycleHarness.Csm);
        await H.Approvals.ApproveAsync(discount.ProposalId, LifecycleHarness.Approver);

        var receipt = await H.Applier.ApplyAsync(discount.ProposalId, "k", LifecycleHarness.Csm);

        receipt.Status.Should().Be(ActionStatus.Applied);
        var offer = await H.LoadAsync<DiscountOffer>(receipt.TargetId);
        offer!.Percent.Should().Be(12, "the edited payload is what was approved and applied");
    }

    [Fact]
    public async Task Apply_AfterPolicyRevisionChangedPostApproval_IsRefused()
    {
        var discount = await H.ProposeAsync("offer_discount");
        await H.Approvals.ApproveAsync(discount.ProposalId, LifecycleHarness.Approver);
        _bundle.Write("actionplane/gate/note.rego", "package actionplane.gate\n\nrevision_note := \"limits reviewed\"\n");
        (await ((ReloadingPolicyEngine)H.Get<IPolicyEngine>()).ReloadAsync()).Changed.Should().BeTrue();

        var act = () => H.Applier.ApplyAsync(discount.ProposalId, "k", LifecycleHarness.Csm);

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Reasons.Should().ContainSingle().Which.Should().StartWith("approval.voided");
    }

    [Fact]
    public async Task Edit_WithPayloadFailingTheSchema_IsRefusedAndLeavesTheEventLogUnchanged()
    {
        var discount = await H.ProposeAsync("offer_discount");
        await H.Approvals.ApproveAsync(discount.ProposalId, LifecycleHarness.Approver);
        var before = await H.EventsAsync(discount.ProposalId);
        var bad = discount.Payload.DeepClone().AsObject();
        bad["percent"] = "a lot";

        var act = () => Editor.EditPayloadAsync(discount.ProposalId, bad, LifecycleHarness.Csm);

        var refusal = (await act.Should().ThrowAsync<LifecycleException>()).Which;
        refusal.Kind.Should().Be(LifecycleErrorKind.Invalid);
        refusal.Reasons.Should().Contain(r => r.Contains("percent"));
        (await H.EventsAsync(discount.ProposalId)).Should().HaveCount(before.Count);
        (await H.Applier.ApplyAsync(discount.ProposalId, "k", LifecycleHarness.Csm)).Status.Should().Be(ActionStatus.Applied, "the approval still matches the unchanged payload");
    }

    [Fact]
    public async Task Edit_OfAppliedProposal_IsRefused()
    {
        var outreach = await H.ProposeAsync("csm_outreach");
        await H.Applier.ApplyAsync(outreach.ProposalId, "k", LifecycleHarness.Csm);

        var act = () => Editor.EditPayloadAsync(outreach.ProposalId, outreach.Payload.DeepClone().AsObject(), LifecycleHarness.Csm);

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Message.Should().Contain("only open proposals");
    }

    [Fact]
    public void ApprovalHash_IgnoresKeyOrder_AndChangesWithPayloadOrRevision()
    {
        var a = JsonNode.Parse("""{"percent": 10, "months": 3, "nested": {"b": 1, "a": [1, 2]}}""")!.AsObject();
        var b = JsonNode.Parse("""{"nested": {"a": [1, 2], "b": 1}, "months": 3, "percent": 10}""")!.AsObject();
        var c = JsonNode.Parse("""{"percent": 11, "months": 3, "nested": {"b": 1, "a": [1, 2]}}""")!.AsObject();

        ApprovalHash.Of(a, "rev1").Should().Be(ApprovalHash.Of(b, "rev1"));
        ApprovalHash.Of(a, "rev1").Should().NotBe(ApprovalHash.Of(c, "rev1"));
        ApprovalHash.Of(a, "rev1").Should().NotBe(ApprovalHash.Of(a, "rev2"));
    }
}
