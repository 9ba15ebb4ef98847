using ActionPlane.Engine.Autopilot;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Nudges;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Tests.Autopilot;
using ActionPlane.Engine.Tests.Support;
using Marten;
using Xunit.Abstractions;

namespace ActionPlane.Engine.Tests.Concurrency;

/// <summary>
/// The autopilot and a CSM applying the same proposal at once, with different idempotency keys (autopilot:{id} and
/// the CSM's): the account's apply lock lets one apply at a time and the stream's expected version stops the second,
/// which read the proposal before the first committed. Exactly one ActionApplied and one nudge; the loser learns it
/// was already applied (the run reports AlreadyApplied, the CSM gets a 409-kind conflict naming who applied it).
/// </summary>
public sealed class AutopilotSameProposalRaceTests(PostgresFixture postgres, ITestOutputHelper output) : AutopilotTest(postgres)
{
    private const int Rounds = 20;

    [Fact]
    public async Task AutopilotRunAndCsm_ApplyingTheSameProposal_ApplyItOnce_AndTheLoserSeesItApplied()
    {
        await SeedTrackRecordAsync("show_checklist", applied: 20);
        var (csmWon, csmFirstOutright, autopilotWon) = (0, 0, 0);
        for (var round = 0; round < Rounds; round++)
        {
            var account = $"acc-q{round:D2}";
            await H.SeedCopiesAsync(account);
            var proposal = await H.Engine.ProposeActionAsync(account, "show_checklist", Payload($"usr-q{round:D2}-02", "show_checklist"), LifecycleHarness.Csm);
            proposal.AutonomyLevel.Should().Be("unattended");

            var (run, csm) = await Race.PairAsync(() => Runner.RunAsync(), () => H.Applier.ApplyAsync(proposal.ProposalId, "csm-click", LifecycleHarness.Csm));

            var applied = (await AppliedEventsAsync(proposal.ProposalId)).Should().ContainSingle().Subject;
            await using (var session = H.Store.QuerySession())
                (await session.Query<NudgeInboxItem>().CountAsync(n => n.ProposalId == proposal.ProposalId)).Should().Be(1, "the loser's target change rolled back");
            run.Won.Should().BeTrue("the run reports each proposal's outcome rather than throwing");
            var item = run.Value!.Items.SingleOrDefault(i => i.ProposalId == proposal.ProposalId);
            if (csm.Won)
            {
                applied.By.Should().Be(LifecycleHarness.Csm.Id);
                applied.IdempotencyKey.Should().Be("csm-click");
                // Applied before the run listed its candidates, it is not one; listed, the run finds it applied.
                if (item is null)
                    csmFirstOutright++;
                else
                    item.Outcome.Should().Be(AutopilotOutcome.AlreadyApplied);
                csmWon++;
            }
            else
            {
                applied.By.Should().Be(Actor.System.Id);
                applied.IdempotencyKey.Should().Be(UnattendedRunner.IdempotencyKeyOf(proposal.ProposalId));
                item!.Outcome.Should().Be(AutopilotOutcome.Applied);
                csm.Error!.Kind.Should().Be(LifecycleErrorKind.Conflict);
                csm.Error.Message.Should().Contain("already applied by system:nba");
                autopilotWon++;
            }
        }
        output.WriteLine($"{Rounds} rounds: the CSM applied first {csmWon} times ({csmFirstOutright} before the run listed it), the autopilot {autopilotWon} times");
    }
}
