using ActionPlane.Engine.Data;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Outcomes;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Outcomes;

public sealed class OutcomeObserverTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private static readonly ChurnDrivers Drivers = new(UsageDecline: 0.6, ModulesAdopted: 2, SeatUtilisation: 0.4, SupportFriction: 0.7, Downgraded: false, DaysToRenewal: 200, Noise: 0);

    private OutcomeObserver Observer => new(H.Store, H.Clock);

    [Fact]
    public async Task ObserveDue_RecordsOutcomesAtTheHorizon_ForTreatedAndUntreatedProposals()
    {
        // Arrange: ground truth for the account; one proposal applied, one left alone (a control).
        await StoreTruthAsync(0.4);
        var treated = await H.ProposeAsync("csm_outreach");
        await H.Applier.ApplyAsync(treated.ProposalId, "k", LifecycleHarness.Csm);
        var control = await H.ProposeAsync("show_checklist");

        // Act: before the horizon nothing is due; after 90 days both are.
        var early = await Observer.ObserveDueAsync();
        H.Clock.Advance(TimeSpan.FromDays(91));
        var due = await Observer.ObserveDueAsync();
        var again = await Observer.ObserveDueAsync();

        // Assert
        early.Should().Be(0);
        await using (var session = H.Store.QuerySession())
            due.Should().Be(await Marten.QueryableExtensions.CountAsync(session.Query<DecisionRecord>()), "every proposal of the batches, applied or not, gets its outcome");
        again.Should().Be(0, "an observed proposal is not observed twice");
        var treatedOutcome = (await H.EventsAsync(treated.ProposalId)).OfType<OutcomeObserved>().Should().ContainSingle().Subject;
        treatedOutcome.Treated.Should().BeTrue();
        treatedOutcome.Source.Should().Be(OutcomeObserver.GroundTruthSource);
        treatedOutcome.At.Should().Be(LifecycleHarness.Start.AddDays(90));
        var controlOutcome = (await H.EventsAsync(control.ProposalId)).OfType<OutcomeObserved>().Should().ContainSingle().Subject;
        controlOutcome.Treated.Should().BeFalse();
        new[] { treatedOutcome.Outcome, controlOutcome.Outcome }.Should().OnlyContain(o => o == OutcomeKinds.Retained || o == OutcomeKinds.Churned);
        (await H.Decisions.GetAsync(control.ProposalId))!.Outcome.Should().Be(controlOutcome.Outcome);
    }

    [Fact]
    public async Task ObserveDue_EndsTheHorizonAtTheRenewalAsOfTheDecision_EvenWhenTheAccountsRenewalHasRolledOverSince()
    {
        // Arrange: the account renews 30 days after the decision; 40 days after it, the renewal has passed and the account
        // (kept) stores next year's, as the demo history's world or a CRM sync leaves it. A churned account's never rolls.
        await StoreTruthAsync(0.4);
        var renewal = DateOnly.FromDateTime(LifecycleHarness.Start.UtcDateTime).AddDays(30);
        await SetRenewalAsync(renewal);
        var proposal = await H.ProposeAsync("csm_outreach");
        H.Clock.Advance(TimeSpan.FromDays(40));
        await SetRenewalAsync(renewal.AddYears(1));

        // Act
        var due = await Observer.ObserveDueAsync();

        // Assert: due at the renewal of the decision's time, as it would be had the account churned (and kept its date).
        due.Should().BeGreaterThan(0, "the horizon ended at the renewal, 30 days after the decision, not 90 days after it");
        var outcome = (await H.EventsAsync(proposal.ProposalId)).OfType<OutcomeObserved>().Should().ContainSingle().Subject;
        outcome.At.Should().Be(new DateTimeOffset(renewal.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        outcome.Horizon.Should().Be("renewal");
    }

    [Fact]
    public async Task ObserveDue_WithoutGroundTruth_RecordsNothing()
    {
        await H.ProposeAsync("csm_outreach");
        H.Clock.Advance(TimeSpan.FromDays(200));

        (await Observer.ObserveDueAsync()).Should().Be(0, "outside the demo, outcomes arrive through ingestion");
    }

    [Fact]
    public void Churned_FollowsTheTrueProbabilityAndTheActionsTrueEffect()
    {
        // Across many generated accounts the realised churn rate matches the truth, and a helpful
        // action lowers it: outreach to a high-friction account whose usage has not collapsed yet,
        // a month before its renewal (see ActionEffects: that is where a CSM call helps).
        var helped = Drivers with { UsageDecline = 0.1, DaysToRenewal = 30 };
        var truths = Enumerable.Range(0, 4000).Select(i => new OutcomeTruth($"acc-{i}", 0.3, helped, 7)).ToList();

        var untreated = truths.Count(t => OutcomeObserver.Churned(t, "csm_outreach", treated: false)) / 4000.0;
        var treated = truths.Count(t => OutcomeObserver.Churned(t, "csm_outreach", treated: true)) / 4000.0;

        untreated.Should().BeApproximately(0.3, 0.03);
        treated.Should().BeLessThan(untreated - 0.05);
    }

    private async Task SetRenewalAsync(DateOnly renewal)
    {
        await using var session = H.Store.LightweightSession();
        var account = (await session.LoadAsync<Domain.Account>(LifecycleHarness.AccountId))!;
        session.Store(account with { RenewalDate = renewal });
        await session.SaveChangesAsync();
    }

    private async Task StoreTruthAsync(double churnProbability)
    {
        await using var session = H.Store.LightweightSession();
        session.Store(new OutcomeTruth(LifecycleHarness.AccountId, churnProbability, Drivers, 42));
        await session.SaveChangesAsync();
    }
}
