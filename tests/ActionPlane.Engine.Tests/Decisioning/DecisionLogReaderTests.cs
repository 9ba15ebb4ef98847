using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Decisioning.OffPolicy;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using ActionPlane.Engine.Tests.Training;
using ActionPlane.Engine.Training;
using Marten;

namespace ActionPlane.Engine.Tests.Decisioning;

/// <summary>The decision log as off-policy evaluation reads it, from decisions the real engine made under uniform exploration and a holdout.</summary>
public sealed class DecisionLogReaderTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    protected override void Configure(ActionPlaneEngineOptions options) =>
        options.Decisioning.Arbitration = options.Decisioning.Arbitration with { Epsilon = 1, HoldoutShare = 0.25 };

    private DecisionLogEvaluator Evaluator => new(H.Store, H.Options.Decisioning.Arbitration);

    [Fact]
    public async Task Read_TheEnginesOwnLog_TakesTheChosenRowWithItsLoggedPropensity_AndCountsHoldoutAndPersonChoicesAsLeftOut()
    {
        // Arrange: uniform exploration (ε = 1) and a 25 % holdout; the engine decides for 40 accounts,
        // a CSM proposes outreach on their own for 10 of them a minute later; outcomes come due.
        var ids = await LoggedLoop.SeedAccountsAsync(H, 40, new Random(11));
        foreach (var id in ids)
            await H.Engine.ProposeAsync(id, LifecycleHarness.Csm);
        H.Clock.Advance(TimeSpan.FromMinutes(1));
        await LoggedLoop.ProposeOutreachAsync(H, ids.Take(10), applyShare: 0.5, new Random(12));
        await LoggedLoop.ObserveDueAsync(H);
        var settings = H.Options.Decisioning.Arbitration;
        var holdout = ids.Count(id => HoldoutAssignment.IsHoldout(id, settings));

        // Act
        var log = await DecisionLogReader.ReadAsync(H.Store, null, null, withFeatures: true);
        var result = await Evaluator.EvaluateAsync([OffPolicyStrategy.Logged], null, null);

        // Assert
        holdout.Should().BeGreaterThan(0, "the test needs holdout accounts (25 % of 40)");
        log.Counts.Holdout.Should().Be(holdout);
        log.Counts.PersonChoices.Should().Be(10);
        log.Counts.AccountDecisions.Should().Be(50);
        log.Counts.Usable.Should().Be(40 - holdout, "every other engine decision logged its choice with a propensity");
        log.Counts.Explored.Should().Be(log.Counts.Usable, "ε = 1: every draw is an exploration draw");
        log.Decisions.Should().OnlyContain(d => Math.Abs(d.Propensity - 1.0 / (d.Candidates.Count + 1)) < 1e-9,
            "a uniform draw over the allowed candidates and no action");
        log.Decisions.Should().OnlyContain(d => d.Features != null && d.ChurnProbability > 0);
        await using (var session = H.Store.QuerySession())
            foreach (var d in log.Decisions.Where(d => d.LoggedAction is not null))
                (await session.LoadAsync<TrainingExample>(d.ChosenRowId))!.Chosen.Should().BeTrue();
        var logged = result.Strategies.Single(s => s.Strategy == OffPolicyStrategy.Logged);
        logged.Ips.Value.Should().BeApproximately(result.LoggedRetention!.Value, 1e-5, "the logging policy valued on its own log is its mean");
        logged.Dr.Value.Should().BeApproximately(result.LoggedRetention.Value, 1e-5);
        result.Strategies.Select(s => s.Strategy).Should().Equal(OffPolicyStrategy.NoAction, OffPolicyStrategy.Logged);
        log.Outcomes.Should().HaveCount(40, "every engine decision, holdout or not; a CSM's own proposals are not the engine's");
        log.Outcomes.Count(o => o.Holdout).Should().Be(holdout);
        result.Holdout!.HoldoutAccounts.Should().Be(holdout);
        result.Holdout.EngineAccounts.Should().Be(40 - holdout);
        result.Holdout.Engine!.Value.Should().BeApproximately(result.LoggedRetention.Value, 1e-5, "here every engine decision outside the holdout is usable");
        // The baseline check reads the churn probability each holdout decision was logged with.
        await using (var session = H.Store.QuerySession())
            foreach (var o in log.Outcomes.Where(o => o.Holdout))
                o.ChurnProbability.Should().Be((await session.Query<ActionLifecycle>().Where(p => p.AccountId == o.AccountId).FirstAsync()).Scores.ChurnProbability);
        log.Outcomes.Where(o => !o.Holdout).Should().OnlyContain(o => o.ChurnProbability == null);
        result.Baseline!.Groups.Single(g => g.Group == BaselineCalibration.HoldoutGroup).Decisions.Should().Be(holdout);
    }

}
