using System.Text.Json.Nodes;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Proposals;

public sealed class ProposalTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    [Fact]
    public async Task Propose_StoresEveryCandidateAsAStream_WithExplanationAndDecision()
    {
        var batch = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        batch.Rejected.Should().BeEmpty(string.Join("; ", batch.Rejected.SelectMany(r => r.Errors.Select(e => $"{r.ActionType} {e.Path}: {e.Message}"))));
        batch.Proposals.Select(p => p.ActionType).Should().BeEquivalentTo(
            "show_checklist", "pin_shortcut", "schedule_nudge", "prefill_form", "unlock_trial_within_caps",
            "suggest_upgrade_within_policy", "csm_outreach", "offer_discount");
        batch.Proposals.Select(p => p.Rank).Should().Equal(Enumerable.Range(1, batch.Proposals.Count));
        foreach (var p in batch.Proposals)
        {
            p.Explanation.Drivers.Should().NotBeEmpty();
            p.Explanation.TriggeringSignal.Should().ContainEquivalentOf("support tickets");
            p.ModelVersion.Should().Be("churn-test-1");
            (await H.EventsAsync(p.ProposalId)).Select(e => e.GetType().Name).Should().Equal("ActionProposed", "PolicyEvaluated");
        }
        batch.Proposals.Single(p => p.ActionType == "offer_discount").RequiresApproval.Should().BeTrue();
    }

    [Fact]
    public async Task Propose_RanksAllowedByExpectedValue()
    {
        var batch = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        var allowed = batch.Proposals.Where(p => p.Allowed).ToList();
        allowed.Select(p => p.Scores.ExpectedValue).Should().BeInDescendingOrder();
        batch.Proposals.Select(p => p.Allowed).Should().BeInDescendingOrder("denied candidates come after every allowed one");
    }

    [Fact]
    public async Task Propose_Twice_ReturnsOpenProposalsInsteadOfDuplicating()
    {
        var first = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        var second = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        second.Proposals.Where(p => p.Allowed).Select(p => p.ProposalId)
            .Should().BeSubsetOf(first.Proposals.Select(p => p.ProposalId));
    }

    [Fact]
    public async Task ProposeAction_WithInvalidPayload_IsRejectedWithFieldErrorsAndNothingIsStored()
    {
        var payload = new JsonObject { ["account_id"] = LifecycleHarness.AccountId, ["percent"] = 80, ["months"] = 3, ["reason"] = "x", ["extra"] = true };

        var act = () => H.Engine.ProposeActionAsync(LifecycleHarness.AccountId, "offer_discount", payload, LifecycleHarness.Csm);

        var error = (await act.Should().ThrowAsync<LifecycleException>()).Which;
        error.Kind.Should().Be(LifecycleErrorKind.Invalid);
        error.Reasons.Should().Contain(r => r.StartsWith("percent"));
        error.Reasons.Should().Contain(r => r.Contains("extra"));
        await using var session = H.Store.QuerySession();
        (await session.Query<DecisionRecord>().CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task ProposeAction_ForUnknownActionType_IsRejected()
    {
        var act = () => H.Engine.ProposeActionAsync(LifecycleHarness.AccountId, "send_gift", new JsonObject(), LifecycleHarness.Csm);

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Reasons.Should().Contain(r => r.StartsWith("actionType"));
    }

    [Fact]
    public async Task ProposeAction_ForUnknownAccount_IsNotFound()
    {
        var payload = new JsonObject { ["account_id"] = "acc-9999", ["percent"] = 10, ["months"] = 3, ["reason"] = "Renewal save." };

        var act = () => H.Engine.ProposeActionAsync("acc-9999", "offer_discount", payload, LifecycleHarness.Csm);

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Kind.Should().Be(LifecycleErrorKind.NotFound);
    }

    [Fact]
    public async Task ListOpen_ShowsTheQueueWithoutAppliedProposals()
    {
        var batch = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);
        var applied = batch.Proposals.First(p => p.ActionType == "csm_outreach");
        await H.Applier.ApplyAsync(applied.ProposalId, "k", LifecycleHarness.Csm);

        var queue = await H.Engine.ListOpenAsync(LifecycleHarness.AccountId);

        queue.Select(p => p.ProposalId).Should().BeEquivalentTo(batch.Proposals.Where(p => p != applied).Select(p => p.ProposalId));
        (await H.Engine.GetAsync(applied.ProposalId)).Status.Should().Be(ActionStatus.Applied);
    }

    [Fact]
    public async Task Propose_TargetsAMemberForNudges_AndAnAdminForUpgrades()
    {
        var batch = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        batch.Proposals.Single(p => p.ActionType == "show_checklist").UserId.Should().Be(LifecycleHarness.MemberId);
        batch.Proposals.Single(p => p.ActionType == "suggest_upgrade_within_policy").UserId.Should().Be(LifecycleHarness.AdminId);
        batch.Proposals.Single(p => p.ActionType == "offer_discount").UserId.Should().BeNull();
    }
}
