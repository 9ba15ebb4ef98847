using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Lifecycle;

/// <summary>
/// A propose call is recorded as one round (one stream, one <see cref="ProposalsDecided"/> event); a
/// proposal gets a stream of its own at the first command on it, starting with what the round recorded.
/// </summary>
public sealed class ProposalRoundTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    [Fact]
    public async Task Propose_RecordsOneRoundEvent_AndNoStreamPerProposal()
    {
        var batch = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        await using var session = H.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().ToListAsync();
        var round = events.Select(e => e.Data).OfType<ProposalsDecided>().Should().ContainSingle().Subject;
        round.Proposals.Select(p => p.ProposalId).Should().BeEquivalentTo(batch.Proposals.Select(p => p.ProposalId));
        round.Evaluations.Select(e => e.ProposalId).Should().BeEquivalentTo(batch.Proposals.Select(p => p.ProposalId), "every candidate was gated");
        events.Select(e => e.Data).OfType<ActionProposed>().Should().BeEmpty("no proposal has a stream of its own yet");
        foreach (var p in batch.Proposals)
        {
            (await session.Events.FetchStreamStateAsync(p.ProposalId)).Should().BeNull();
            var record = (await H.Decisions.GetAsync(p.ProposalId))!;
            record.RoundId.Should().Be(round.RoundId);
            record.Trail.Select(t => (t.Version, t.Type)).Should().Equal((1, nameof(ActionProposed)), (2, nameof(PolicyEvaluated)));
            (await H.LoadProposalAsync(p.ProposalId))!.Status.Should().Be(p.Status);
        }
    }

    [Fact]
    public async Task FirstCommand_StartsTheProposalsStream_FromItsRound()
    {
        var proposal = await H.ProposeAsync("pin_shortcut");
        var before = (await H.Decisions.GetAsync(proposal.ProposalId))!;

        await H.Simulator.SimulateAsync(proposal.ProposalId, LifecycleHarness.Csm);

        await using var session = H.Store.QuerySession();
        var stream = await session.Events.FetchStreamAsync(proposal.ProposalId);
        stream.Select(e => (e.Version, e.Data.GetType().Name)).Should().Equal(
            (1, nameof(ActionProposed)), (2, nameof(PolicyEvaluated)), (3, nameof(ActionSimulated)));
        stream[1].Data.Should().BeOfType<PolicyEvaluated>().Which.DecisionId.Should().Be(proposal.DecisionId, "the round's gate decision, copied as recorded");
        var record = (await H.Decisions.GetAsync(proposal.ProposalId))!;
        record.RoundId.Should().BeNull("the record is now its own stream's projection");
        record.Trail.Select(t => t.Version).Should().Equal(1, 2, 3);
        record.Trail.Take(2).Should().Equal(before.Trail);
        record.Decisions.Select(d => d.DecisionId).Should().Equal(before.Decisions.Select(d => d.DecisionId));
        record.ToDecisionLogEntry().ToJsonString().Should().Be(before.ToDecisionLogEntry().ToJsonString(), "the audit shows the same decision");
        (await H.LoadProposalAsync(proposal.ProposalId))!.RoundId.Should().BeNull();
    }

    [Fact]
    public async Task TwoFirstCommands_OnOneRoundProposal_TheSecondConflicts()
    {
        var proposal = await H.ProposeAsync("pin_shortcut");
        await using var first = H.Store.LightweightSession();
        await using var second = H.Store.LightweightSession();
        var a = await ProposalStreams.FetchAsync(first, proposal.ProposalId, CancellationToken.None);
        var b = await ProposalStreams.FetchAsync(second, proposal.ProposalId, CancellationToken.None);
        a.AppendOne(new ApprovalRequested(proposal.ProposalId, "a", null, LifecycleHarness.Start));
        b.AppendOne(new ApprovalRequested(proposal.ProposalId, "b", null, LifecycleHarness.Start));

        await first.SaveChangesAsync();
        var late = () => second.SaveChangesAsync();

        (await late.Should().ThrowAsync<Exception>()).Which.Should().Match<Exception>(e => ProposalStreams.IsConcurrencyConflict(e));
        (await H.EventsAsync(proposal.ProposalId)).Should().HaveCount(3, "only the first command was recorded");
    }
}
