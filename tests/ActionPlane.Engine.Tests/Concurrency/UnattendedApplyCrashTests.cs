using ActionPlane.Engine.Autopilot;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Nudges;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Autopilot;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Concurrency;

/// <summary>
/// An autopilot run killed (SIGKILL) in the middle of an unattended apply. The run applies through the same
/// ActionApplier as a CSM (ApplyCrashTests kills that one), so the state change and its ActionApplied commit together
/// or not at all; the one step the unattended path adds is the tenant budget lock, taken exclusively: it must go with
/// the dead transaction, or every later apply (a CSM's shared, the next run's exclusive) would wait on it forever.
/// </summary>
public sealed class UnattendedApplyCrashTests(PostgresFixture postgres) : AutopilotTest(postgres)
{
    private const decimal Budget = 1000m;
    private readonly PostgresFixture _postgres = postgres;

    protected override void ConfigureMore(ActionPlaneEngineOptions options) => options.Decisioning.WeeklyBudget = Budget;

    [Fact]
    public async Task AutopilotRun_KilledBeforeCommit_LeavesNeitherStateNorEvent_AndReleasesTheBudgetLock()
    {
        await SeedTrackRecordAsync("show_checklist", applied: 20);
        var proposal = await ProposeAsync(LifecycleHarness.MemberId, "show_checklist");
        var eventsBefore = (await H.EventsAsync(proposal.ProposalId)).Count;

        await CrashHost.RunAndKillAsync(_postgres.ConnectionString, "crash-autopilot", CrashHost.Point.BeforeCommit, H.Options.SchemaName, H.Clock.GetUtcNow(),
            Budget.ToString(System.Globalization.CultureInfo.InvariantCulture));

        (await H.EventsAsync(proposal.ProposalId)).Should().HaveCount(eventsBefore);
        (await NudgesOfAsync(proposal.ProposalId)).Should().Be(0);
        (await H.LoadProposalAsync(proposal.ProposalId))!.Status.Should().Be(ActionStatus.Allowed);
        // The budget lock went with the killed session: a CSM's apply (shared) and the next run (exclusive) both go through.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var outreach = await H.ProposeAsync("csm_outreach");
        await H.Applier.ApplyAsync(outreach.ProposalId, "csm-after-crash", LifecycleHarness.Csm, timeout.Token);
        var next = await Runner.RunAsync(cancellationToken: timeout.Token);
        next.Items.Should().ContainSingle(i => i.ProposalId == proposal.ProposalId).Which.Outcome.Should().Be(AutopilotOutcome.Applied);
        (await AppliedEventsAsync(proposal.ProposalId)).Should().ContainSingle().Which.By.Should().Be(Actor.System.Id);
    }

    [Fact]
    public async Task AutopilotRun_KilledRightAfterCommit_LeavesStateAndEvent_AndTheNextRunFindsItApplied()
    {
        await SeedTrackRecordAsync("show_checklist", applied: 20);
        var proposal = await ProposeAsync(LifecycleHarness.MemberId, "show_checklist");

        await CrashHost.RunAndKillAsync(_postgres.ConnectionString, "crash-autopilot", CrashHost.Point.AfterCommit, H.Options.SchemaName, H.Clock.GetUtcNow(),
            Budget.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var applied = (await AppliedEventsAsync(proposal.ProposalId)).Should().ContainSingle().Subject;
        applied.By.Should().Be(Actor.System.Id);
        (await NudgesOfAsync(proposal.ProposalId)).Should().Be(1);
        (await H.LoadProposalAsync(proposal.ProposalId))!.Status.Should().Be(ActionStatus.Applied);
        (await Runner.RunAsync()).Considered.Should().Be(0, "the applied proposal is no longer a candidate");
        var replay = await H.Applier.ApplyAsync(proposal.ProposalId, UnattendedRunner.IdempotencyKeyOf(proposal.ProposalId), Actor.System);
        replay.Replayed.Should().BeTrue("the autopilot's key after the crash returns the committed receipt");
    }

    private async Task<int> NudgesOfAsync(Guid proposalId)
    {
        await using var session = H.Store.QuerySession();
        return await session.Query<NudgeInboxItem>().CountAsync(n => n.ProposalId == proposalId);
    }
}
