using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Tests.Support;
using Marten;
using Xunit.Abstractions;

namespace ActionPlane.Engine.Tests.Concurrency;

/// <summary>
/// The expiry of a lapsed proposal racing an approver's approve or a CSM's edit of it. Neither takes the other's lock:
/// the stream's expected version decides. The log always reads as one of the two orders: the step then the expiry
/// (the expiry lost its save, read again and still found the proposal past its TTL), or the expiry alone, with the
/// step refused as a 409-kind conflict that names the expiry and wrote nothing.
/// </summary>
public sealed class ExpiryRaceTests(PostgresFixture postgres, ITestOutputHelper output) : HarnessTest(postgres)
{
    private const int Rounds = 30;

    private ProposalExpirer Expirer => H.Get<ProposalExpirer>();

    [Fact]
    public async Task ExpiryRacingApprove_EndsExpired_WithTheApprovalBeforeTheExpiryOrRefused()
    {
        var discounts = await LapsedDiscountsAsync("acc-x");
        var tally = new Tally();

        foreach (var (round, (account, discount)) in discounts.Index())
        {
            var outcomes = await Race.PairAsync(
                Race.Of(async () =>
                {
                    await Offset(round);
                    await H.Approvals.ApproveAsync(discount, LifecycleHarness.Approver);
                }),
                () => Expirer.ExpireAccountAsync(account));

            await ShouldEndExpiredAsync(discount, outcomes.First.Error, outcomes.Second, typeof(ActionApproved), tally);
        }

        output.WriteLine($"approve vs expiry, {Rounds} rounds: {tally}");
    }

    [Fact]
    public async Task ExpiryRacingEdit_EndsExpired_WithTheEditBeforeTheExpiryOrRefused()
    {
        var discounts = await LapsedDiscountsAsync("acc-y");
        var editor = H.Get<ProposalEditor>();
        var tally = new Tally();

        foreach (var (round, (account, discount)) in discounts.Index())
        {
            var payload = (await H.LoadProposalAsync(discount))!.Payload.DeepClone().AsObject();
            payload["percent"] = 12;
            var outcomes = await Race.PairAsync(
                Race.Of(async () =>
                {
                    await Offset(round);
                    await editor.EditPayloadAsync(discount, payload, LifecycleHarness.Csm);
                }),
                () => Expirer.ExpireAccountAsync(account));

            await ShouldEndExpiredAsync(discount, outcomes.First.Error, outcomes.Second, typeof(ProposalEdited), tally);
        }

        output.WriteLine($"edit vs expiry, {Rounds} rounds: {tally}");
    }

    [Fact]
    public async Task WeeklyExpiryRacingApprove_EndsExpired_AndStillLapsesTheOtherAccountsOfItsBatch()
    {
        // The weekly run's expiry lapses many accounts in one transaction; a lost save there falls back to account by account.
        const int rounds = 10;
        // Holdout accounts get no actionable proposal to race on.
        var accounts = Enumerable.Range(1, 100).Select(i => $"acc-w{i:D3}")
            .Where(a => !HoldoutAssignment.IsHoldout(a, H.Options.Decisioning.Arbitration)).Take(2 * rounds).ToArray();
        await H.SeedCopiesAsync(accounts);
        var tally = new Tally();

        for (var round = 0; round < rounds; round++)
        {
            var (racer, bystander) = (accounts[2 * round], accounts[2 * round + 1]);
            var discount = (await H.Engine.ProposeAsync(racer, LifecycleHarness.Csm)).Proposals.Single(p => p.ActionType == "offer_discount").ProposalId;
            var other = (await H.Engine.ProposeAsync(bystander, LifecycleHarness.Csm)).Proposals.Where(p => p.Status != ActionStatus.Proposed).Select(p => p.ProposalId).ToArray();
            H.Clock.Advance(TimeSpan.FromDays(7));

            var outcomes = await Race.PairAsync(
                Race.Of(async () =>
                {
                    await Offset(round);
                    await H.Approvals.ApproveAsync(discount, LifecycleHarness.Approver);
                }),
                () => Expirer.ExpireAllAsync());

            await ShouldEndExpiredAsync(discount, outcomes.First.Error, outcomes.Second, typeof(ActionApproved), tally);
            foreach (var id in other)
                (await H.LoadProposalAsync(id))!.Status.Should().Be(ActionStatus.Expired, "the batch's other account lapses whatever the race did");
        }

        output.WriteLine($"approve vs weekly expiry, {rounds} rounds: {tally}");
    }

    /// <summary>
    /// The step starts 0–9 ms after the expiry, round by round: the expiry makes a few round trips before it commits, so
    /// sweeping the step's start across them makes its read land before the expiry's commit and its save after in some
    /// rounds (the window the expected version guards), instead of the step finishing first every time.
    /// </summary>
    private static Task Offset(int round) => round % 10 == 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromMilliseconds(round % 10));

    /// <summary>One open discount (needs approval) per fresh account, all proposed a week ago: past the 6-day TTL.</summary>
    private async Task<IReadOnlyList<(string Account, Guid Discount)>> LapsedDiscountsAsync(string prefix)
    {
        var accounts = Enumerable.Range(1, Rounds).Select(i => $"{prefix}{i:D3}").ToArray();
        await H.SeedCopiesAsync(accounts);
        var discounts = new List<(string, Guid)>();
        foreach (var account in accounts)
        {
            var discount = (await H.Engine.ProposeAsync(account, LifecycleHarness.Csm)).Proposals.Single(p => p.ActionType == "offer_discount");
            discount.Allowed.Should().BeTrue();
            discounts.Add((account, discount.ProposalId));
        }
        H.Clock.Advance(TimeSpan.FromDays(7));
        return discounts;
    }

    private async Task ShouldEndExpiredAsync(Guid proposalId, LifecycleException? stepError, Outcome<int> expiry, Type stepEvent, Tally tally)
    {
        expiry.Won.Should().BeTrue("the expiry retries a lost save and the proposal is still past its TTL");
        expiry.Value.Should().BeGreaterThan(0);
        var events = await H.EventsAsync(proposalId);
        events.OfType<ProposalExpired>().Should().ContainSingle();
        events.Last().Should().BeOfType<ProposalExpired>("nothing is written to a lapsed proposal");
        (await H.LoadProposalAsync(proposalId))!.Status.Should().Be(ActionStatus.Expired);
        await using (var session = H.Store.QuerySession())
            (await session.LoadAsync<DecisionRecord>(proposalId))!.Status.Should().Be(ActionStatus.Expired);
        if (stepError is null)
        {
            events.Count(e => e.GetType() == stepEvent).Should().Be(1, "the step that won is in the log, before the expiry");
            tally.StepFirst++;
            return;
        }
        stepError.Kind.Should().Be(LifecycleErrorKind.Conflict);
        stepError.Reasons.Should().Equal("expired");
        stepError.Message.Should().Contain("expired on").And.Contain("Nothing was changed");
        events.Should().NotContain(e => e.GetType() == stepEvent, "the refused step wrote nothing");
        // Refused on its stale read's expected version (the expiry committed in between), or on reading the expired proposal.
        if (stepError.InnerException is not null)
            tally.LostOnVersion++;
        else
            tally.LostOnRead++;
    }

    private sealed class Tally
    {
        public int StepFirst { get; set; }
        public int LostOnVersion { get; set; }
        public int LostOnRead { get; set; }

        public override string ToString() => $"step first {StepFirst}, refused on the stream version {LostOnVersion}, refused on reading it expired {LostOnRead}";
    }
}
