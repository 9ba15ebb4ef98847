using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Lifecycle;

/// <summary>
/// Guards the event store's append mode: under Marten's Quick mode an event appended without
/// FetchForWriting (as the outcome observer appends its labels) reaches the inline projections with
/// version 0, so the reviewer's trail would stop matching the stream.
/// </summary>
public sealed class DecisionTrailVersionTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    [Fact]
    public async Task Trail_NumbersEventsAppendedWithoutFetchForWriting_ByTheirStreamVersion()
    {
        var proposal = await H.ProposeAsync("csm_outreach");
        for (var i = 0; i < 2; i++)
        {
            await using var session = H.Store.LightweightSession();
            session.Events.Append(proposal.ProposalId, new OutcomeObserved(proposal.ProposalId, "retained", i, "test", LifecycleHarness.Start));
            await session.SaveChangesAsync();
        }

        var record = await H.Decisions.GetAsync(proposal.ProposalId);
        await using var query = H.Store.QuerySession();
        var stream = await query.Events.FetchStreamAsync(proposal.ProposalId);
        record!.Trail.Select(t => t.Version).Should().Equal(stream.Select(e => e.Version));
        record.Trail.Select(t => t.Version).Should().Equal(1, 2, 3, 4);
    }
}
