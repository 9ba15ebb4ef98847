using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Execution;

/// <summary>
/// Many CSMs applying different proposals to one account at the same moment: the per-account apply
/// lock makes the cap check and the apply one step, so caps hold and nothing is applied twice.
/// </summary>
public sealed class ApplyCapConcurrencyTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private static readonly string[] s_userFacing = ["show_checklist", "pin_shortcut", "schedule_nudge", "prefill_form"];

    [Fact]
    public async Task ParallelApplies_OfDifferentProposalsNearTheUserCap_NeverExceedTheCap()
    {
        // Arrange: the member already got one nudge this week; the weekly cap per user is 3.
        var batch = await H.Engine.ProposeForUserAsync(LifecycleHarness.AccountId, LifecycleHarness.MemberId, LifecycleHarness.Csm);
        var proposals = batch.Proposals.Where(p => s_userFacing.Contains(p.ActionType) && p.Allowed).ToList();
        proposals.Should().HaveCount(4, "each user-facing type is proposed for the member and allowed");
        await H.Applier.ApplyAsync(proposals[0].ProposalId, "first", LifecycleHarness.Csm);

        // Act: three CSMs apply the other three at once.
        var results = await Task.WhenAll(proposals.Skip(1).Select((p, i) =>
            AttemptAsync(p.ProposalId, new Actor($"csm{i}@demo.local", ["csm"]))));

        // Assert
        results.Count(r => r is null).Should().Be(2, "only two more fit under the cap of 3");
        results.OfType<LifecycleException>().Should().ContainSingle()
            .Which.Reasons.Should().Contain(r => r.StartsWith("frequency_cap.user_weekly"));
        await using var session = H.Store.QuerySession();
        var applied = await session.Query<DecisionRecord>().Where(r => r.UserId == LifecycleHarness.MemberId && r.AppliedAt != null).ToListAsync();
        applied.Should().HaveCount(3);
        // Each applied action's recorded apply decision saw the count the others had left it.
        applied.Select(r => r.WithDecisionLogs().Decisions.Last(d => d.Operation == "apply").DecisionLog!["input"]!["history"]!["nudges_user_7d"]!.GetValue<int>())
            .Order().Should().Equal(0, 1, 2);
    }

    [Fact]
    public async Task ParallelApplies_OfTheSameTypeInsideItsCooldown_ApplyOnlyOne()
    {
        // Six CSMs each pin a different shortcut for the same user at once; pins have a 30-day cooldown.
        var proposals = new List<ProposalView>();
        foreach (var feature in new[] { "reports", "automations", "integrations", "dashboards", "api", "mobile" })
            proposals.Add(await H.Engine.ProposeActionAsync(LifecycleHarness.AccountId, "pin_shortcut",
                new System.Text.Json.Nodes.JsonObject { ["user_id"] = LifecycleHarness.MemberId, ["feature"] = feature, ["label"] = feature }, LifecycleHarness.Csm));

        var results = await Task.WhenAll(proposals.Select((p, i) => AttemptAsync(p.ProposalId, new Actor($"csm{i}@demo.local", ["csm"]))));

        results.Count(r => r is null).Should().Be(1);
        results.OfType<LifecycleException>().Should().HaveCount(5).And.OnlyContain(e => e.Reasons.Any(r => r.StartsWith("frequency_cap.cooldown")));
        await using var session = H.Store.QuerySession();
        (await session.Query<PinnedShortcut>().CountAsync()).Should().Be(1);
    }

    private async Task<LifecycleException?> AttemptAsync(Guid proposalId, Actor actor)
    {
        try
        {
            await H.Applier.ApplyAsync(proposalId, $"key-{proposalId:N}", actor);
            return null;
        }
        catch (LifecycleException e)
        {
            return e;
        }
    }
}
