using System.Text.Json.Nodes;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Lifecycle;

/// <summary>The history the gate sees comes from what was really applied (and undone).</summary>
public sealed class PolicyHistoryTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    [Fact]
    public async Task Apply_AfterTheUsersWeeklyNudgeCapIsReached_IsDeniedAtApply()
    {
        // Arrange: four user-facing proposals while the user has none, then three of them applied (cap 3).
        var batch = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);
        var forTarget = batch.Proposals.Where(p => p.UserId == LifecycleHarness.MemberId && p.Allowed).Take(4).ToList();
        forTarget.Should().HaveCount(4);
        foreach (var p in forTarget.Take(3))
            await H.Applier.ApplyAsync(p.ProposalId, "k", LifecycleHarness.Csm);

        // Act
        var act = () => H.Applier.ApplyAsync(forTarget[3].ProposalId, "k", LifecycleHarness.Csm);

        // Assert
        var error = (await act.Should().ThrowAsync<LifecycleException>()).Which;
        error.Kind.Should().Be(LifecycleErrorKind.PolicyDenied);
        error.Reasons.Should().Contain(r => r.StartsWith("frequency_cap.user_weekly"));
        var record = await H.Decisions.GetAsync(forTarget[3].ProposalId);
        record!.Input["history"]!["nudges_user_7d"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public async Task Propose_SameActionWithinCooldown_IsDenied_AndAllowedAgainAfterUndo()
    {
        // Arrange
        var first = await H.ProposeAsync("csm_outreach");
        var receipt = await H.Applier.ApplyAsync(first.ProposalId, "k", LifecycleHarness.Csm);
        H.Clock.Advance(TimeSpan.FromDays(1));

        // Act
        var during = await H.Engine.ProposeActionAsync(LifecycleHarness.AccountId, "csm_outreach", Outreach(), LifecycleHarness.Csm);
        await H.Applier.UndoAsync(first.ProposalId, receipt.RollbackToken.ToString(), LifecycleHarness.Csm);
        var afterUndo = await H.Engine.ProposeActionAsync(LifecycleHarness.AccountId, "csm_outreach", Outreach(), LifecycleHarness.Csm);

        // Assert
        during.Deny.Should().Contain(d => d.Rule == "frequency_cap.cooldown");
        (await H.Decisions.GetAsync(during.ProposalId))!.Input["history"]!["days_since_same_action"]!.GetValue<int>().Should().Be(1);
        afterUndo.Deny.Should().NotContain(d => d.Rule == "frequency_cap.cooldown", "an undone action did not happen");
    }

    private static JsonObject Outreach() => new()
    {
        ["account_id"] = LifecycleHarness.AccountId,
        ["csm"] = "csm@demo.local",
        ["reason"] = "Follow up on the open support tickets.",
        ["due_date"] = "2026-11-30",
        ["priority"] = "high",
    };
}
