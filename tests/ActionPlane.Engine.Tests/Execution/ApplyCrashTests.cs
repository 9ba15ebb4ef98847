using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Execution;

/// <summary>
/// A process killed (SIGKILL) in the middle of apply leaves either the target change with its
/// ActionApplied event or neither: the child applies a real proposal through the real applier and is
/// killed while parked inside (or just after) the apply transaction.
/// </summary>
public sealed class ApplyCrashTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private readonly PostgresFixture _postgres = postgres;

    [Fact]
    public async Task Apply_KilledAfterTheBatchRanButBeforeCommit_LeavesNeitherStateNorEvent()
    {
        // Arrange
        var proposal = await H.ProposeAsync("csm_outreach");
        var eventsBefore = (await H.EventsAsync(proposal.ProposalId)).Count;

        // Act
        await RunAndKillAsync(proposal.ProposalId, CrashHost.Point.BeforeCommit);

        // Assert: nothing of the apply survived, and the account is free to apply again.
        (await H.EventsAsync(proposal.ProposalId)).Should().HaveCount(eventsBefore);
        await using (var session = H.Store.QuerySession())
            (await session.Query<CsmTask>().CountAsync()).Should().Be(0);
        (await H.LoadProposalAsync(proposal.ProposalId))!.Status.Should().Be(ActionStatus.Allowed);
        var retry = await H.Applier.ApplyAsync(proposal.ProposalId, "retry", LifecycleHarness.Csm);
        retry.Replayed.Should().BeFalse("the killed apply never happened, so the retry applies for real");
    }

    [Fact]
    public async Task Apply_KilledRightAfterCommit_LeavesBothStateAndEvent()
    {
        var proposal = await H.ProposeAsync("csm_outreach");

        await RunAndKillAsync(proposal.ProposalId, CrashHost.Point.AfterCommit);

        var applied = (await H.EventsAsync(proposal.ProposalId)).OfType<ActionApplied>().Should().ContainSingle().Subject;
        await using var session = H.Store.QuerySession();
        (await session.LoadAsync<CsmTask>(applied.TargetId)).Should().NotBeNull();
        (await H.LoadProposalAsync(proposal.ProposalId))!.Status.Should().Be(ActionStatus.Applied);
        var replay = await H.Applier.ApplyAsync(proposal.ProposalId, "crash", LifecycleHarness.Csm);
        replay.Replayed.Should().BeTrue("the same key after the crash returns the committed receipt");
    }

    private Task RunAndKillAsync(Guid proposalId, CrashHost.Point point) =>
        CrashHost.RunAndKillAsync(_postgres.ConnectionString, "crash-apply", point, H.Options.SchemaName, H.Clock.GetUtcNow(), proposalId.ToString());
}
