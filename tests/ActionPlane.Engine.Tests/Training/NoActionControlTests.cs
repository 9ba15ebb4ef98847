using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using ActionPlane.Engine.Training;
using Marten;

namespace ActionPlane.Engine.Tests.Training;

/// <summary>
/// Decisions to do nothing close the loop too: their outcome is observed at the horizon, they become
/// control training examples with their logged propensity, and retraining learns from them.
/// </summary>
public sealed class NoActionControlTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    // No candidate clears the bar and ε = 0: the engine's certain greedy choice is "no action" (propensity 1).
    protected override void Configure(ActionPlaneEngineOptions options) =>
        options.Decisioning.Arbitration = options.Decisioning.Arbitration with { MinExpectedValue = 1_000_000m };

    [Fact]
    public async Task NoActionDecision_IsObservedAtItsHorizon_AndBecomesAControlExampleWithItsLoggedPropensity()
    {
        // Arrange: ground truth for one account; the engine decides to do nothing for it.
        var ids = await LoggedLoop.SeedAccountsAsync(H, 1, new Random(3));
        var decidedWith = (await H.LoadAsync<AccountScore>(ids[0]))!.Features;
        var batch = await H.Engine.ProposeAsync(ids[0], LifecycleHarness.Csm);
        Guid decisionId;
        await using (var session = H.Store.QuerySession())
            decisionId = (await session.Query<DecisionRecord>().SingleAsync(r => r.ActionType == NoActionDecided.ActionType)).Id;
        var decided = (await H.EventsAsync(decisionId)).OfType<NoActionDecided>().Single();

        // Act: not yet due, then due.
        H.Clock.Advance(TimeSpan.FromDays(89));
        var early = await new ActionPlane.Engine.Outcomes.OutcomeObserver(H.Store, H.Clock).ObserveDueAsync();
        var recorded = await LoggedLoop.ObserveDueAsync(H);

        // Assert
        early.Should().Be(0, "the horizon is 90 days");
        recorded.Should().Be(batch.Proposals.Count + 1, "the no-action decision is observed like every proposal of the same call");
        var outcome = (await H.EventsAsync(decisionId)).OfType<OutcomeObserved>().Should().ContainSingle().Subject;
        outcome.Treated.Should().BeFalse();
        TrainingExample row;
        await using (var session = H.Store.QuerySession())
            row = (await TrainingExampleQueries.WithFeaturesAsync(session, [(await session.LoadAsync<TrainingExample>(decisionId))!]))[0];
        row.ActionType.Should().Be(TrainingExample.NoActionType);
        row.Labelled.Should().BeTrue();
        row.Treated.Should().BeFalse();
        row.Retained.Should().Be(outcome.Outcome == ActionPlane.Engine.Outcomes.OutcomeKinds.Retained);
        row.Arm.Should().Be("exploit");
        row.Propensity.Should().Be(decided.Propensity).And.BeApproximately(1.0, 1e-9);
        row.Considered.Should().Equal(decided.Considered).And.Contain(LoggedLoop.Outreach);
        row.Features!.Hash().Should().Be(decidedWith.Hash(), "the features the models scored at decision time");
        row.IsNoActionControlFor(LoggedLoop.Outreach).Should().BeTrue();
        row.IsNoActionControlFor("not_considered").Should().BeFalse();
    }

    [Fact]
    public async Task Retrain_UsesNoActionDecisionsAsControlRows_OneRowPerDecision_WithTheirLoggedPropensity()
    {
        // Arrange: 160 accounts; a CSM proposes outreach to the first 80 and applies it to all of them,
        // the engine decides to do nothing for the other 80 (logging outreach as a ranked alternative too).
        var ids = await LoggedLoop.SeedAccountsAsync(H, 160, new Random(11));
        var treated = await LoggedLoop.ProposeOutreachAsync(H, ids.Take(80), applyShare: 1, new Random(1));
        foreach (var id in ids.Skip(80))
            await H.Engine.ProposeAsync(id, LifecycleHarness.Csm);
        await LoggedLoop.ObserveDueAsync(H);
        IReadOnlyList<TrainingExample> rows;
        await using (var session = H.Store.QuerySession())
            rows = await TrainingExampleQueries.WithFeaturesAsync(session, await session.Query<TrainingExample>().Where(r => r.Labelled).ToListAsync());

        // Act
        var run = await new UpliftRetrainer(H.Store, H.Clock).RetrainAsync(
            new UpliftRetrainOptions { ActionTypes = [LoggedLoop.Outreach], MinRowsPerArm = 30, Register = true }, "test");

        // Assert
        treated.Should().Be(80);
        rows.Count(r => r.ActionType == TrainingExample.NoActionType).Should().Be(80);
        rows.Count(r => r.ActionType == LoggedLoop.Outreach && !r.Treated).Should().Be(80, "the alternative the engine did not choose is logged too");
        var result = run.Results.Single();
        result.Version.Should().NotBeNull();
        result.Treated.Should().Be(80);
        result.Control.Should().Be(80, "each no-action decision replaces the same decision's unchosen outreach row: one control row per decision");
        result.Metrics["n_no_action_control"].Should().Be(80);
        result.Metrics["logged_propensity_rows"].Should().Be(80, "the no-action rows carry a logged propensity; a CSM's own choice does not");
        run.LabelledRows.Should().Be(rows.Count(r => r.Retained != null && r.Features != null));
        run.Trigger.Should().Be(RetrainTriggers.Manual);
        var stored = await new ModelRegistry(H.Store).ListAsync(ActionPlane.Engine.Uplift.UpliftModelCard.KindOf(LoggedLoop.Outreach));
        stored.Should().ContainSingle().Which.ModelCard.Should().Contain("80 of the control rows decisions to do nothing");
    }

    [Fact]
    public void RowsOfAnAction_KeepOneRowPerDecision_AndDropTheNoActionRowWhenTheAlternativeWasAppliedAnyway()
    {
        var at = LifecycleHarness.Start;
        TrainingExample Row(string account, string type, bool treated = false, string[]? considered = null) => new()
        {
            Id = Guid.NewGuid(), AccountId = account, ActionType = type, DecidedAt = at, Treated = treated, Considered = considered ?? [],
        };
        var rows = new[]
        {
            // a: nothing done; the unchosen alternative and the no-action decision are one decision.
            Row("a", LoggedLoop.Outreach), Row("a", TrainingExample.NoActionType, considered: [LoggedLoop.Outreach]),
            // b: nothing chosen, but a CSM applied the alternative: treated, and the no-action row is not a control.
            Row("b", LoggedLoop.Outreach, treated: true), Row("b", TrainingExample.NoActionType, considered: [LoggedLoop.Outreach]),
            // c: the engine did not weigh outreach before doing nothing: no row for it.
            Row("c", TrainingExample.NoActionType, considered: ["pin_shortcut"]),
            // d: another action's row.
            Row("d", "pin_shortcut"),
        };

        var mine = UpliftRetrainer.RowsOf(LoggedLoop.Outreach, rows);

        mine.Should().BeEquivalentTo([rows[1], rows[2]]);
    }

    [Fact]
    public void TreatmentPropensity_OfANoActionRow_IsOneMinusTheLoggedProbabilityOfDoingNothing()
    {
        TrainingExample NoAction(double p) => new() { ActionType = TrainingExample.NoActionType, Arm = "explore", Chosen = true, Propensity = p };
        var rows = new[]
        {
            NoAction(0.25),
            NoAction(0.9),
            new TrainingExample { ActionType = LoggedLoop.Outreach, Arm = "exploit", Chosen = true, Propensity = 0.7, Treated = true },
            new TrainingExample { ActionType = LoggedLoop.Outreach, Arm = TrainingExample.PersonArm, Treated = true },
        };

        var p = UpliftRetrainer.TreatmentPropensities(rows);

        p[0].Should().BeApproximately(0.75, 1e-12, "the control weight 1 / (1 − 0.75) is the inverse of the logged 0.25");
        p[1].Should().BeApproximately(0.1, 1e-12);
        p[2].Should().Be(0.7);
        p[3].Should().Be(0.5, "without a logged propensity: the treated share");
    }
}
