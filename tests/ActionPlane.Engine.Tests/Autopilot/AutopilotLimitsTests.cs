using ActionPlane.Engine.Autopilot;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Autopilot;

/// <summary>A weekly budget of 1 that a CSM's outreach already spent: the autopilot applies nothing and records nothing.</summary>
public sealed class AutopilotBudgetTests(PostgresFixture postgres) : AutopilotTest(postgres)
{
    protected override void ConfigureMore(ActionPlaneEngineOptions options) => options.Decisioning.WeeklyBudget = 1m;

    [Fact]
    public async Task Run_WithTheWeeklyBudgetSpent_AppliesNothing_AndLeavesTheProposalUntouched()
    {
        await SeedTrackRecordAsync("show_checklist", applied: 20);
        var proposal = await ProposeAsync(LifecycleHarness.MemberId, "show_checklist");
        proposal.AutonomyLevel.Should().Be("unattended");
        var outreach = await H.ProposeAsync("csm_outreach");
        await H.Applier.ApplyAsync(outreach.ProposalId, "csm-click", LifecycleHarness.Csm);
        var before = (await H.EventsAsync(proposal.ProposalId)).Count;

        var summary = await Runner.RunAsync();

        summary.Applied.Should().Be(0);
        summary.SkippedByBudget.Should().Be(1);
        (await H.EventsAsync(proposal.ProposalId)).Should().HaveCount(before, "a spent budget is not a denial: next week the proposal is considered again");
        (await H.LoadProposalAsync(proposal.ProposalId))!.Status.Should().Be(ActionStatus.Allowed);
    }
}

/// <summary>The harness account in the measurement holdout: its decisions are logs, never applied by anyone.</summary>
public sealed class AutopilotHoldoutTests(PostgresFixture postgres) : AutopilotTest(postgres)
{
    protected override void ConfigureMore(ActionPlaneEngineOptions options)
    {
        var settings = options.Decisioning.Arbitration with { HoldoutShare = 0.5 };
        var tenant = Enumerable.Range(0, 100).Select(i => $"tenant-{i}")
            .First(t => HoldoutAssignment.IsHoldout(LifecycleHarness.AccountId, settings with { TenantId = t }));
        options.Decisioning.Arbitration = settings with { TenantId = tenant };
    }

    [Fact]
    public async Task Run_NeverAppliesAHoldoutLog()
    {
        await SeedTrackRecordAsync("show_checklist", applied: 20);
        var batch = await H.Engine.ProposeForUserAsync(LifecycleHarness.AccountId, LifecycleHarness.MemberId, LifecycleHarness.Csm);
        batch.Proposals.Should().NotBeEmpty().And.OnlyContain(p => p.Holdout);
        // A person may still act on a held-out account; the autopilot, being the system, may not.
        var own = await ProposeAsync(LifecycleHarness.MemberId, "show_checklist");
        own.AutonomyLevel.Should().Be("unattended");

        var summary = await Runner.RunAsync();

        summary.Considered.Should().Be(0);
        foreach (var id in batch.Proposals.Select(p => p.ProposalId).Append(own.ProposalId))
            (await AppliedEventsAsync(id)).Should().BeEmpty();
    }
}

/// <summary>Runs racing each other and a CSM: each proposal is applied once, and caps hold.</summary>
public sealed class AutopilotConcurrencyTests(PostgresFixture postgres) : AutopilotTest(postgres)
{
    [Fact]
    public async Task TwoRunsAtOnce_ApplyEachProposalOnce()
    {
        await SeedTrackRecordAsync("show_checklist", applied: 20);
        await SeedTrackRecordAsync("pin_shortcut", applied: 20);
        var proposals = new[]
        {
            await ProposeAsync(LifecycleHarness.MemberId, "show_checklist"),
            await ProposeAsync(LifecycleHarness.MemberId, "pin_shortcut"),
            await ProposeAsync(LifecycleHarness.AdminId, "show_checklist"),
        };
        proposals.Should().OnlyContain(p => p.AutonomyLevel == "unattended");

        var runs = await Task.WhenAll(Runner.RunAsync(), Runner.RunAsync());

        // Proposing for the admin also proposed a pin for them: every unattended proposal counts.
        var ids = runs.SelectMany(r => r.Items).Select(i => i.ProposalId).Distinct().ToList();
        ids.Should().Contain(proposals.Select(p => p.ProposalId));
        foreach (var id in ids)
            (await AppliedEventsAsync(id)).Should().ContainSingle().Which.By.Should().Be("system:nba");
        runs.Sum(r => r.Applied).Should().Be(ids.Count, "each proposal is counted applied by exactly one run");
        runs.Sum(r => r.AlreadyApplied).Should().Be(runs.Sum(r => r.Considered) - ids.Count);
        runs.Sum(r => r.Failed + r.Denied).Should().Be(0);
    }

    [Fact]
    public async Task ARunRacingACsm_NearTheUserCap_NeverExceedsIt()
    {
        // The member already got two nudges this week; the weekly cap per user is 3.
        await SeedTrackRecordAsync("show_checklist", applied: 20);
        var batch = await H.Engine.ProposeForUserAsync(LifecycleHarness.AccountId, LifecycleHarness.MemberId, LifecycleHarness.Csm);
        var manual = batch.Proposals.Where(p => p.ActionType is "schedule_nudge" or "prefill_form" or "pin_shortcut" && p.Allowed).ToList();
        manual.Should().HaveCount(3);
        await H.Applier.ApplyAsync(manual[0].ProposalId, "csm-1", LifecycleHarness.Csm);
        await H.Applier.ApplyAsync(manual[1].ProposalId, "csm-2", LifecycleHarness.Csm);
        var unattended = await ProposeAsync(LifecycleHarness.MemberId, "show_checklist");

        var csm = CsmApplyAsync(manual[2].ProposalId);
        var run = Runner.RunAsync();
        await Task.WhenAll(csm, run);

        (await NudgesForAsync(LifecycleHarness.MemberId)).Should().Be(3);
        var runnerApplied = (await run).Applied;
        var csmApplied = await csm;
        (runnerApplied + (csmApplied ? 1 : 0)).Should().Be(1, "one of the two fits under the cap");
        if (runnerApplied == 0)
            (await run).Items.Single(i => i.ProposalId == unattended.ProposalId).Rules.Should().Contain("frequency_cap.user_weekly");
    }

    [Fact]
    public async Task ARunRacingACsm_OnTheSameProposal_AppliesItOnce()
    {
        await SeedTrackRecordAsync("show_checklist", applied: 20);
        var proposal = await ProposeAsync(LifecycleHarness.MemberId, "show_checklist");

        var csm = CsmApplyAsync(proposal.ProposalId);
        var run = Runner.RunAsync();
        await Task.WhenAll(csm, run);

        var applied = (await AppliedEventsAsync(proposal.ProposalId)).Should().ContainSingle().Subject;
        var item = (await run).Items.Should().ContainSingle().Subject;
        if (await csm)
        {
            applied.By.Should().Be(LifecycleHarness.Csm.Id);
            item.Outcome.Should().Be(AutopilotOutcome.AlreadyApplied);
        }
        else
        {
            applied.By.Should().Be("system:nba");
            item.Outcome.Should().Be(AutopilotOutcome.Applied);
        }
    }

    private async Task<bool> CsmApplyAsync(Guid proposalId)
    {
        try
        {
            await H.Applier.ApplyAsync(proposalId, "csm-race", LifecycleHarness.Csm);
            return true;
        }
        catch (LifecycleException)
        {
            return false;
        }
    }
}
