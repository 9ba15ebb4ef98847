using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Lifecycle;

/// <summary>
/// Open proposals lapse after the proposal TTL (6 days by default): a ProposalExpired event and status Expired,
/// apply and approve refused with a 409-kind error and nothing changed, applied proposals untouched, and a
/// proposal raced by apply and expiry ends in exactly one of the two.
/// </summary>
public sealed class ProposalExpiryTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private ProposalExpirer Expirer => H.Get<ProposalExpirer>();

    [Fact]
    public async Task OpenProposal_OlderThanTheTtl_LapsesWithEventAndStatus_AndLeavesTheQueue()
    {
        var proposal = await H.ProposeAsync("csm_outreach");
        H.Clock.Advance(TimeSpan.FromDays(7));

        var expired = await Expirer.ExpireAccountAsync(LifecycleHarness.AccountId);

        expired.Should().BeGreaterThan(0);
        (await H.LoadProposalAsync(proposal.ProposalId))!.Status.Should().Be(ActionStatus.Expired);
        var lapsed = (await H.EventsAsync(proposal.ProposalId)).Last().Should().BeOfType<ProposalExpired>().Subject;
        lapsed.TtlDays.Should().Be(6);
        lapsed.By.Should().Be("system:nba");
        await using var session = H.Store.QuerySession();
        (await session.LoadAsync<DecisionRecord>(proposal.ProposalId))!.Status.Should().Be(ActionStatus.Expired);
        (await H.Engine.ListOpenAsync(LifecycleHarness.AccountId)).Should().BeEmpty("every proposal of that run lapsed");
    }

    [Fact]
    public async Task OpenProposal_YoungerThanTheTtl_StaysOpen()
    {
        var proposal = await H.ProposeAsync("csm_outreach");
        H.Clock.Advance(TimeSpan.FromDays(5));

        (await Expirer.ExpireAccountAsync(LifecycleHarness.AccountId)).Should().Be(0);
        (await H.LoadProposalAsync(proposal.ProposalId))!.Status.Should().Be(ActionStatus.Allowed);
    }

    [Fact]
    public async Task Apply_OnAnExpiredProposal_IsAConflictNamingTheExpiry_AndChangesNothing()
    {
        var proposal = await H.ProposeAsync("csm_outreach");
        H.Clock.Advance(TimeSpan.FromDays(7));
        await Expirer.ExpireAccountAsync(LifecycleHarness.AccountId);
        var before = await H.EventsAsync(proposal.ProposalId);

        var apply = () => H.Applier.ApplyAsync(proposal.ProposalId, "k1", LifecycleHarness.Csm);

        var error = (await apply.Should().ThrowAsync<LifecycleException>()).Which;
        error.Kind.Should().Be(LifecycleErrorKind.Conflict);
        error.Message.Should().Contain("expired on").And.Contain("suggest again");
        (await H.EventsAsync(proposal.ProposalId)).Should().HaveCount(before.Count, "a refused apply records nothing");
        await using var session = H.Store.QuerySession();
        (await session.Query<CsmTask>().CountAsync()).Should().Be(0);
        (await session.LoadAsync<DecisionRecord>(proposal.ProposalId))!.Status.Should().Be(ActionStatus.Expired);
    }

    [Fact]
    public async Task Approve_OnAnExpiredProposal_IsAConflict()
    {
        var discount = await H.ProposeAsync("offer_discount");
        await H.Approvals.RequestApprovalAsync(discount.ProposalId, LifecycleHarness.Csm);
        H.Clock.Advance(TimeSpan.FromDays(7));
        await Expirer.ExpireAccountAsync(LifecycleHarness.AccountId);

        var approve = () => H.Approvals.ApproveAsync(discount.ProposalId, LifecycleHarness.Approver);

        (await approve.Should().ThrowAsync<LifecycleException>()).Which.Kind.Should().Be(LifecycleErrorKind.Conflict);
        (await H.LoadProposalAsync(discount.ProposalId))!.Status.Should().Be(ActionStatus.Expired);
    }

    [Fact]
    public async Task AppliedProposal_NeverExpires()
    {
        var proposal = await H.ProposeAsync("csm_outreach");
        await H.Applier.ApplyAsync(proposal.ProposalId, "k1", LifecycleHarness.Csm);
        H.Clock.Advance(TimeSpan.FromDays(60));

        await Expirer.ExpireAllAsync();

        (await H.LoadProposalAsync(proposal.ProposalId))!.Status.Should().Be(ActionStatus.Applied);
        (await H.EventsAsync(proposal.ProposalId)).OfType<ProposalExpired>().Should().BeEmpty();
    }

    [Fact]
    public async Task Suggest_AfterTheTtl_DecidesAfresh_InsteadOfHandingBackTheLapsedProposal()
    {
        var first = await H.ProposeAsync("csm_outreach");
        H.Clock.Advance(TimeSpan.FromDays(7));

        var again = await H.ProposeAsync("csm_outreach");

        again.ProposalId.Should().NotBe(first.ProposalId);
        again.Status.Should().Be(ActionStatus.Allowed);
        (await H.LoadProposalAsync(first.ProposalId))!.Status.Should().Be(ActionStatus.Expired, "propose lapses the account's old proposals first");
    }

    [Fact]
    public async Task ExpiryRacingApply_EndsInExactlyOneOfTheTwo()
    {
        var proposal = await H.ProposeAsync("csm_outreach");
        H.Clock.Advance(TimeSpan.FromDays(7));
        // Hold the account's apply lock so apply reads the proposal and both then queue on the lock: whichever
        // gets it first wins, and the other must notice.
        await using var blocker = H.Store.LightweightSession();
        await AccountApplyLock.AcquireAsync(blocker, H.Options.SchemaName, LifecycleHarness.AccountId, CancellationToken.None);
        var apply = Attempt(() => H.Applier.ApplyAsync(proposal.ProposalId, "k1", LifecycleHarness.Csm));
        await Task.Delay(300);
        var expire = Expirer.ExpireAccountAsync(LifecycleHarness.AccountId);
        await Task.Delay(300);
        await blocker.DisposeAsync(); // rolls the transaction back, and with it the lock goes

        var (receipt, error) = await apply;
        var expired = await expire;

        var events = await H.EventsAsync(proposal.ProposalId);
        var status = (await H.LoadProposalAsync(proposal.ProposalId))!.Status;
        await using var session = H.Store.QuerySession();
        var tasks = await session.Query<CsmTask>().CountAsync();
        if (receipt is not null)
        {
            status.Should().Be(ActionStatus.Applied);
            events.OfType<ProposalExpired>().Should().BeEmpty();
            tasks.Should().Be(1);
        }
        else
        {
            error!.Kind.Should().Be(LifecycleErrorKind.Conflict);
            error.Message.Should().Contain("expired on");
            status.Should().Be(ActionStatus.Expired);
            events.OfType<ActionApplied>().Should().BeEmpty();
            expired.Should().BeGreaterThan(0);
            tasks.Should().Be(0, "the loser's target change rolled back with its events");
        }
    }

    private static async Task<(ApplyReceipt? Receipt, LifecycleException? Error)> Attempt(Func<Task<ApplyReceipt>> apply)
    {
        try
        {
            return (await apply(), null);
        }
        catch (LifecycleException e)
        {
            return (null, e);
        }
    }
}
