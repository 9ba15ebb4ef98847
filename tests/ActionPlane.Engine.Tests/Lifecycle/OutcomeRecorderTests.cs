using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Engine.Tests.Lifecycle;

public sealed class OutcomeRecorderTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    [Fact]
    public async Task RecordOutcome_AppendsToTheStreamAndTheTrail()
    {
        var proposal = await H.ProposeAsync("csm_outreach");
        await H.Applier.ApplyAsync(proposal.ProposalId, "k", LifecycleHarness.Csm);
        var recorder = new OutcomeRecorder(H.Store, H.Clock);

        await recorder.RecordAsync(proposal.ProposalId, "renewed", 14400, new ActionPlane.Engine.Proposals.Actor("billing-sync", ["system"]));

        var record = await H.Decisions.GetAsync(proposal.ProposalId);
        record!.Trail.Last().Should().Match<DecisionTrailEntry>(t => t.Type == "OutcomeObserved" && t.Actor == "billing-sync" && t.Summary.Contains("renewed"));
    }

    [Fact]
    public async Task RecordOutcome_ForUnknownProposal_IsNotFound()
    {
        var recorder = new OutcomeRecorder(H.Store, H.Clock);

        var act = () => recorder.RecordAsync(Guid.NewGuid(), "renewed", null, LifecycleHarness.Csm);

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Kind.Should().Be(LifecycleErrorKind.NotFound);
    }
}
