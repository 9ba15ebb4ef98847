using ActionPlane.Engine.Models;
using ActionPlane.Engine.Models.Drift;
using ActionPlane.Engine.Tests.Support;
using ActionPlane.Engine.Training;
using ActionPlane.Engine.Uplift;
using Marten;

namespace ActionPlane.Engine.Tests.Training;

/// <summary>The scheduled half of the loop on real PostgreSQL: when a run is due, what it stores, the cross-instance lock, failures, the drift trigger.</summary>
public sealed class ScheduledRetrainerTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private static readonly ScheduledRetrainOptions Weekly = new() { Enabled = true, Interval = TimeSpan.FromDays(7), MinNewExamples = 100, MinRowsPerArm = 30 };

    private ScheduledRetrainer Scheduler => H.Get<ScheduledRetrainer>();

    private async Task LogDecisionsAsync(int accounts, string prefix, int seed, double truthShift = 0)
    {
        var rng = new Random(seed);
        var ids = await LoggedLoop.SeedAccountsAsync(H, accounts, rng, prefix, truthShift);
        await LoggedLoop.ProposeOutreachAsync(H, ids, 0.5, rng);
        await LoggedLoop.ObserveDueAsync(H);
    }

    private async Task<IReadOnlyList<RetrainRun>> RunsAsync()
    {
        await using var session = H.Store.QuerySession();
        return await session.Query<RetrainRun>().OrderBy(r => r.At).ToListAsync();
    }

    [Fact]
    public async Task ScheduledRun_WhenDue_RegistersPromotesOnlyWhatTheGateAccepts_RecordsItsTrigger_AndIsNotRepeatedOnTheSameData()
    {
        // Arrange: 200 labelled decisions, no run yet.
        await LogDecisionsAsync(200, "acc-s", seed: 7);

        // Act: a look now, and another right after.
        var first = await Scheduler.RunOnceAsync(Weekly);
        var again = await Scheduler.RunOnceAsync(Weekly);

        // Assert
        first.Status.Should().Be(ScheduledRetrainOutcome.Retrained, first.Message);
        first.Trigger.Should().Be(RetrainTriggers.Scheduled);
        first.NewExamples.Should().Be(200);
        var result = first.Run!.Results.Single();
        var stored = (await new ModelRegistry(H.Store).ListAsync(UpliftModelCard.KindOf(LoggedLoop.Outreach))).Should().ContainSingle().Subject;
        stored.Version.Should().Be(result.Version);
        result.Promoted.Should().Be(result.PromotionVerdict is null, "promotion goes through the promotion gate and nothing else");
        stored.IsChampion.Should().Be(result.Promoted);
        stored.IsChampion.Should().Be(PromotionGate.CheckUplift(stored.Metrics, null) is null);
        var runs = await RunsAsync();
        runs.Should().ContainSingle().Which.Should().Match<RetrainRun>(r => r.Trigger == RetrainTriggers.Scheduled && r.By == ScheduledRetrainer.Actor && r.LabelledRows == 200);
        again.Status.Should().Be(ScheduledRetrainOutcome.NotDue);
        again.NewExamples.Should().Be(0);
        again.Message.Should().Contain("0 new labelled examples").And.Contain("needs 100");
    }

    [Fact]
    public async Task ScheduledRun_WaitsForTheInterval_ThenRunsOnTheNewExamples()
    {
        await LogDecisionsAsync(200, "acc-a", seed: 7);
        (await Scheduler.RunOnceAsync(Weekly)).Status.Should().Be(ScheduledRetrainOutcome.Retrained);
        var yearly = Weekly with { Interval = TimeSpan.FromDays(365), CalibrationDriftTrigger = 0 };

        // 120 more labelled decisions; 91 days later: past the weekly interval, not past a yearly one.
        await LogDecisionsAsync(120, "acc-b", seed: 8);
        var notYet = await Scheduler.RunOnceAsync(yearly);
        var due = await Scheduler.RunOnceAsync(Weekly);

        notYet.Status.Should().Be(ScheduledRetrainOutcome.NotDue);
        notYet.NewExamples.Should().Be(120);
        notYet.Message.Should().Contain("interval 365 days");
        due.Status.Should().Be(ScheduledRetrainOutcome.Retrained, due.Message);
        due.Run!.LabelledRows.Should().Be(320);
        (await RunsAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task TwoInstances_LookingAtOnce_RetrainOnlyOnce()
    {
        await LogDecisionsAsync(200, "acc-c", seed: 7);
        var other = new ScheduledRetrainer(H.Store, new UpliftRetrainer(H.Store, H.Clock), new ChurnRetrainer(H.Store, H.Clock), new DriftAnalyzer(H.Store, H.Clock), H.Clock);

        var outcomes = await Task.WhenAll(Task.Run(() => Scheduler.RunOnceAsync(Weekly)), Task.Run(() => other.RunOnceAsync(Weekly)));

        outcomes.Count(o => o.Status == ScheduledRetrainOutcome.Retrained).Should().Be(1, string.Join(" | ", outcomes.Select(o => o.Message)));
        outcomes.Select(o => o.Status).Should().BeSubsetOf([ScheduledRetrainOutcome.Retrained, ScheduledRetrainOutcome.Busy, ScheduledRetrainOutcome.NotDue]);
        (await RunsAsync()).Should().ContainSingle();
        (await new ModelRegistry(H.Store).ListAsync(UpliftModelCard.KindOf(LoggedLoop.Outreach))).Should().ContainSingle();
    }

    [Fact]
    public async Task ScheduledRun_WhileTheLockIsHeld_LeavesItToTheHolder()
    {
        await LogDecisionsAsync(200, "acc-d", seed: 7);

        RetrainLock? second;
        ScheduledRetrainOutcome outcome;
        await using (var held = await RetrainLock.TryAcquireAsync(H.Store, CancellationToken.None))
        {
            held.Should().NotBeNull();
            second = await RetrainLock.TryAcquireAsync(H.Store, CancellationToken.None);
            outcome = await Scheduler.RunOnceAsync(Weekly);
        }
        var after = await Scheduler.RunOnceAsync(Weekly);

        second.Should().BeNull("one holder at a time, across connections");
        outcome.Status.Should().Be(ScheduledRetrainOutcome.Busy);
        after.Status.Should().Be(ScheduledRetrainOutcome.Retrained, "the lock is released with its holder");
    }

    [Fact]
    public async Task FailedRun_TooFewRowsPerArm_LeavesTheRegistryAndTheRunLogAsTheyWere()
    {
        await LogDecisionsAsync(200, "acc-e", seed: 7);

        var outcome = await Scheduler.RunOnceAsync(Weekly with { MinRowsPerArm = 500 });

        outcome.Status.Should().Be(ScheduledRetrainOutcome.Failed);
        outcome.Message.Should().Contain(LoggedLoop.Outreach).And.Contain("at least 500").And.Contain("unchanged");
        (await new ModelRegistry(H.Store).ListAsync()).Should().BeEmpty();
        (await RunsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task ChurnCalibrationDrift_OverTheThreshold_TriggersTheRunBeforeItsInterval()
    {
        // Arrange: a churn champion (the version the decisions were scored with) that was well calibrated
        // in training; a first run; then decisions whose true churn is 30 points above the scores.
        await using (var session = H.Store.LightweightSession())
        {
            session.Store(new ModelArtifact
            {
                Id = "churn-test-1", Kind = ChurnModelCard.Kind, Version = "churn-test-1", CreatedAt = H.Clock.GetUtcNow(), IsChampion = true,
                Metrics = new Dictionary<string, double>(), Features = [], TrainingWindow = new TrainingWindow(default, default, default), DataHash = "x",
                TrainingExamples = 100, ModelCard = "test", Bytes = [1],
                DriftBaseline = new DriftBaseline([], ReliabilityCurve.Of([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], [true, false, false, false, false, false, false, false, false, false]), 10),
            });
            await session.SaveChangesAsync();
        }
        await LogDecisionsAsync(200, "acc-f", seed: 7);
        var yearly = Weekly with { Interval = TimeSpan.FromDays(365) };
        (await Scheduler.RunOnceAsync(yearly)).Status.Should().Be(ScheduledRetrainOutcome.Retrained);
        await LogDecisionsAsync(150, "acc-g", seed: 9, truthShift: 0.3);

        // Act: the interval has not passed; first with the early trigger off, then on (5 points).
        var off = await Scheduler.RunOnceAsync(yearly with { CalibrationDriftTrigger = 0 });
        var on = await Scheduler.RunOnceAsync(yearly);

        // Assert
        off.Status.Should().Be(ScheduledRetrainOutcome.NotDue);
        on.Status.Should().Be(ScheduledRetrainOutcome.Retrained, on.Message);
        on.Trigger.Should().Be(RetrainTriggers.CalibrationDrift);
        on.CalibrationDrift.Should().BeGreaterThan(0.05);
        (await RunsAsync()).Select(r => r.Trigger).Should().Equal(RetrainTriggers.Scheduled, RetrainTriggers.CalibrationDrift);
    }

    [Fact]
    public async Task ChurnAucDrop_OverTheThreshold_TriggersTheRunBeforeItsInterval_AndNotWithoutADrop()
    {
        // Arrange: a churn champion (the version the decisions were scored with) without a calibration
        // baseline, so only the AUC trigger can fire; its stored training ROC-AUC is 0.5 at first. A first run,
        // then 150 more labelled decisions: their scores rank churners above stayers better than chance.
        var champion = new ModelArtifact
        {
            Id = "churn-test-1", Kind = ChurnModelCard.Kind, Version = "churn-test-1", CreatedAt = H.Clock.GetUtcNow(), IsChampion = true,
            Metrics = new Dictionary<string, double> { ["roc_auc"] = 0.5 }, Features = [], TrainingWindow = new TrainingWindow(default, default, default), DataHash = "x",
            TrainingExamples = 100, ModelCard = "test", Bytes = [1],
        };
        await using (var session = H.Store.LightweightSession())
        {
            session.Store(champion);
            await session.SaveChangesAsync();
        }
        await LogDecisionsAsync(200, "acc-h", seed: 7);
        var yearly = Weekly with { Interval = TimeSpan.FromDays(365) };
        (await Scheduler.RunOnceAsync(yearly)).Status.Should().Be(ScheduledRetrainOutcome.Retrained);
        await LogDecisionsAsync(150, "acc-i", seed: 9);

        // Act: no drop below a training AUC of 0.5; then the same outcomes against a training AUC of 0.95, trigger off, then on.
        var noDrop = await Scheduler.RunOnceAsync(yearly);
        await using (var session = H.Store.LightweightSession())
        {
            session.Store(champion with { Metrics = new Dictionary<string, double> { ["roc_auc"] = 0.95 } });
            await session.SaveChangesAsync();
        }
        var off = await Scheduler.RunOnceAsync(yearly with { AucDropTrigger = 0 });
        var on = await Scheduler.RunOnceAsync(yearly);

        // Assert
        noDrop.Status.Should().Be(ScheduledRetrainOutcome.NotDue, noDrop.Message);
        noDrop.AucDrop.Should().BeNegative();
        noDrop.Message.Should().Contain("churn AUC drop is -0.");
        off.Status.Should().Be(ScheduledRetrainOutcome.NotDue);
        off.AucDrop.Should().BeNull("a trigger that is off is not checked");
        on.Status.Should().Be(ScheduledRetrainOutcome.Retrained, on.Message);
        on.Trigger.Should().Be(RetrainTriggers.AucDrop);
        on.AucDrop.Should().BeGreaterThan(0.05);
        on.AucDrop.Should().BeApproximately(noDrop.AucDrop!.Value + 0.45, 1e-9, "the same recent AUC against a training AUC 0.45 higher");
        on.CalibrationDrift.Should().BeNull("the champion kept no calibration curve");
        (await RunsAsync()).Select(r => r.Trigger).Should().Equal(RetrainTriggers.Scheduled, RetrainTriggers.AucDrop);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.0)]
    public void Options_RefuseAnAucDropTriggerOutsideZeroToOne(double trigger)
    {
        var options = Weekly with { AucDropTrigger = trigger };

        options.Invoking(o => o.Validate()).Should().Throw<ArgumentOutOfRangeException>().WithMessage("AucDropTrigger must be in [0, 1) (0 = off).*");
    }
}
