using System.Text.Json.Nodes;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Models.Drift;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Tests.Support;
using ActionPlane.Engine.Training;
using Marten;

namespace ActionPlane.Engine.Tests.Training;

/// <summary>Churn retrained from the log on real PostgreSQL: which rows count, what is stored, the gate, failures, the scheduled churn trigger.</summary>
public sealed class ChurnRetrainerTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private static readonly string[] CandidateTypes = ["csm_outreach", "pin_shortcut", "discount_offer"];

    private ChurnRetrainer Retrainer => new(H.Store, H.Clock);

    [Fact]
    public void UntreatedDecisions_CountEachAccountDecisionOnce_AndLeaveTreatedDecisionsOutWhole()
    {
        var at = LifecycleHarness.Start;
        TrainingExample Row(string account, DateTimeOffset decided, string type, bool treated = false, bool retained = true, int outcomeDay = 90) => new()
        {
            Id = Guid.NewGuid(), AccountId = account, ActionType = type, DecidedAt = decided, Treated = treated, Retained = retained,
            OutcomeAt = decided.AddDays(outcomeDay), Labelled = true,
        };
        var rows = new[]
        {
            // a: three candidates of one decision, none in effect: one row, labelled by the latest outcome.
            Row("a", at, "csm_outreach", outcomeDay: 30, retained: true), Row("a", at, "pin_shortcut", outcomeDay: 90, retained: false), Row("a", at, TrainingExample.NoActionType, outcomeDay: 60),
            // a again, a week later: another decision of the same account.
            Row("a", at.AddDays(7), "csm_outreach"),
            // b: one of its candidates was in effect: the whole decision is left out.
            Row("b", at, "csm_outreach", treated: true), Row("b", at, "pin_shortcut"),
            // c: a candidate applied whose label is not a retention one (known only from the treated set).
            Row("c", at, "pin_shortcut"),
        };
        var applied = new HashSet<ChurnRetrainer.DecisionKey> { new("", "c", at) };

        var selection = ChurnRetrainer.UntreatedDecisions(rows, applied);

        selection.Rows.Should().Equal(rows[1], rows[3]);
        selection.TreatedDecisions.Should().Be(2);
        selection.MergedRows.Should().Be(2);
    }

    [Fact]
    public async Task Retrain_FromTheLog_TrainsOnOneRowPerUntreatedAccountDecision_AndRegistersAChallengerWithItsCard()
    {
        // Arrange: 240 untreated decisions of 3 candidates each; 60 decisions with a candidate in effect
        // (all retained: what counting them would teach); 20 whose applied candidate has no outcome yet.
        var rng = new Random(5);
        await LogAsync(rng, untreated: 240, treated: 60, appliedUnlabelled: 20);

        // Act
        var run = await Retrainer.RetrainAsync(new ChurnRetrainOptions { MinRows = 100, Register = true }, "test");

        // Assert
        var result = run.Churn!;
        result.Rows.Should().Be(240, "one row per untreated account-decision");
        result.TreatedDecisionsLeftOut.Should().Be(80);
        result.CandidateRowsMerged.Should().Be(480);
        run.LabelledRows.Should().Be(240 * 3 + 60 * 3 + 20 * 2);
        run.Trigger.Should().Be(RetrainTriggers.Manual);
        run.Results.Should().BeEmpty();
        var stored = (await new ModelRegistry(H.Store).ListAsync(ChurnModelCard.Kind)).Should().ContainSingle().Subject;
        stored.Version.Should().Be(result.Version);
        stored.IsChampion.Should().BeFalse("without PromoteWhenGatePasses it is a challenger; promotion is a separate step");
        stored.TrainingExamples.Should().Be(240);
        stored.Metrics.Should().ContainKeys("roc_auc", "brier", "test_count");
        stored.ModelCard.Should().Contain("240 untreated decisions from the log, window").And.Contain("80 treated decisions left out")
            .And.Contain("selected sample").And.NotContain("synthetic data");
        stored.DriftBaseline.Should().NotBeNull();
        ChurnModel.Load(stored.Bytes).FeatureNames.Should().Equal(FeatureBuilder.FeatureNames);
        result.Churned.Should().BeInRange(60, 180);
        await using var session = H.Store.QuerySession();
        (await TrainingExampleQueries.LatestRunAsync(session, CancellationToken.None))!.Churn!.Version.Should().Be(result.Version);
    }

    [Fact]
    public async Task Retrain_PromotesOnlyWhatThePromotionGateAccepts()
    {
        // Arrange: a log with a clear churn signal; a champion too strong to beat.
        await LogAsync(new Random(6), untreated: 300, treated: 0, appliedUnlabelled: 0);
        await StoreChampionAsync("churn-20261101-1", rocAuc: 0.99);
        var options = new ChurnRetrainOptions { MinRows = 100, Register = true, PromoteWhenGatePasses = true };

        // Act: against the strong champion, then against a weak one.
        var refused = (await Retrainer.RetrainAsync(options, "test")).Churn!;
        await StoreChampionAsync("churn-20261101-2", rocAuc: 0.6);
        H.Clock.Advance(TimeSpan.FromMinutes(1));
        var accepted = (await Retrainer.RetrainAsync(options, "test")).Churn!;
        // Then against that (real) champion, on the same log: the same model, judged on the same held-out rows.
        H.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = (await Retrainer.RetrainAsync(options, "test")).Churn!;

        // Assert
        var registry = new ModelRegistry(H.Store);
        var all = await registry.ListAsync(ChurnModelCard.Kind);
        refused.Promoted.Should().BeFalse();
        refused.PromotionVerdict.Should().Contain("champion's 0.990");
        refused.ChampionVersion.Should().Be("churn-20261101-1");
        all.Single(a => a.Version == refused.Version).IsChampion.Should().BeFalse();
        var trained = ChurnModel.Load(all.Single(a => a.Version == accepted.Version).Bytes).Metrics;
        accepted.PromotionVerdict.Should().Be(PromotionGate.Check(trained, new Dictionary<string, double> { ["roc_auc"] = 0.6 }));
        accepted.PromotionVerdict.Should().BeNull("a clear signal beats a 0.6 champion");
        accepted.Promoted.Should().BeTrue();
        accepted.Metrics.Should().NotContainKey("champion_roc_auc_on_test", "a champion that cannot be loaded is compared by its stored metrics");
        again.ChampionVersion.Should().Be(accepted.Version);
        again.Metrics["champion_roc_auc_on_test"].Should().Be(again.Metrics["roc_auc"], "the champion is scored on the challenger's own held-out rows");
        again.Metrics["champion_brier_on_test"].Should().Be(again.Metrics["brier"]);
        again.Promoted.Should().BeTrue();
        (await registry.LoadChampionAsync(ChurnModelCard.Kind))!.Version.Should().Be(again.Version);
        (await registry.ListAsync(ChurnModelCard.Kind)).Count(a => a.IsChampion).Should().Be(1);
        all.Single(a => a.Version == accepted.Version).ModelCard.Should().NotContain("on the same held-out rows");
    }

    [Fact]
    public async Task Retrain_WithOneClass_OrTooFewRows_FailsNamingTheCounts_AndStoresNothing()
    {
        // Arrange: 80 untreated decisions, all retained, and 10 treated ones; then 30 more with both outcomes.
        await LogAsync(new Random(7), untreated: 80, treated: 10, appliedUnlabelled: 0, churnRate: 0);
        Func<int, Task<RetrainRun>> retrain = minRows => Retrainer.RetrainAsync(new ChurnRetrainOptions { MinRows = minRows, Register = true }, "test");
        var oneClass = (await retrain.Invoking(r => r(50)).Should().ThrowAsync<RetrainException>()).Which.Message;
        await LogAsync(new Random(8), untreated: 30, treated: 0, appliedUnlabelled: 0);

        // Act
        var tooFew = (await retrain.Invoking(r => r(200)).Should().ThrowAsync<RetrainException>()).Which.Message;

        // Assert
        oneClass.Should().Be("Too few rows of one class to retrain churn: 80 untreated labelled account-decisions (0 churned, 80 retained; 10 treated decisions left out); each class needs at least 10.");
        tooFew.Should().MatchRegex(@"^Too few rows to retrain churn: 110 untreated labelled account-decisions \(\d+ churned, \d+ retained; 10 treated decisions left out\); a run needs at least 200\.$");
        (await new ModelRegistry(H.Store).ListAsync()).Should().BeEmpty();
        await using var session = H.Store.QuerySession();
        (await session.Query<RetrainRun>().CountAsync()).Should().Be(0);
    }

    [Theory]
    [InlineData(RetrainTriggers.CalibrationDrift, true)]
    [InlineData(RetrainTriggers.AucDrop, true)]
    [InlineData(RetrainTriggers.Scheduled, false)]
    [InlineData(RetrainTriggers.Manual, false)]
    public void ChurnTriggers_AreTheTwoThatSayTheChurnModelWentWrong(string trigger, bool churn) =>
        RetrainTriggers.IsChurnTrigger(trigger).Should().Be(churn);

    [Fact]
    public async Task ScheduledRun_OnChurnCalibrationDrift_AlsoRetrainsChurn_IntoTheSameRunRecord()
    {
        // Arrange: as ScheduledRetrainerTests' drift test — a churn champion calibrated in training, a first
        // (scheduled) run, then decisions whose true churn is 30 points above the scores.
        var champion = await StoreChampionAsync("churn-test-1", rocAuc: 0.5, baseline: new DriftBaseline([],
            ReliabilityCurve.Of([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], [true, false, false, false, false, false, false, false, false, false]), 10));
        var options = new ScheduledRetrainOptions { Enabled = true, Interval = TimeSpan.FromDays(365), MinNewExamples = 100, MinRowsPerArm = 30, MinChurnRows = 100 };
        await LogOutreachAsync(200, "acc-f", seed: 7);
        var first = await H.Get<ScheduledRetrainer>().RunOnceAsync(options);
        await LogOutreachAsync(150, "acc-g", seed: 9, truthShift: 0.3);

        // Act
        var drifted = await H.Get<ScheduledRetrainer>().RunOnceAsync(options);

        // Assert
        first.Trigger.Should().Be(RetrainTriggers.Scheduled);
        first.Run!.Churn.Should().BeNull("a scheduled run is not a churn trigger");
        drifted.Status.Should().Be(ScheduledRetrainOutcome.Retrained, drifted.Message);
        drifted.Trigger.Should().Be(RetrainTriggers.CalibrationDrift);
        var churn = drifted.Run!.Churn!;
        drifted.Run.Results.Should().ContainSingle(r => r.ActionType == LoggedLoop.Outreach && r.Version != null);
        drifted.Message.Should().Contain($"Churn → {churn.Version} on {churn.Rows} untreated decisions");
        churn.Rows.Should().BeGreaterThanOrEqualTo(100);
        churn.Promoted.Should().Be(churn.PromotionVerdict is null);
        churn.ChampionVersion.Should().Be(champion);
        var stored = (await new ModelRegistry(H.Store).ListAsync(ChurnModelCard.Kind)).Single(a => a.Version == churn.Version);
        stored.IsChampion.Should().Be(churn.Promoted);
        await using var session = H.Store.QuerySession();
        var runs = await session.Query<RetrainRun>().OrderBy(r => r.At).ToListAsync();
        runs.Select(r => r.Trigger).Should().Equal(RetrainTriggers.Scheduled, RetrainTriggers.CalibrationDrift);
        runs[1].Churn!.Version.Should().Be(churn.Version);
        runs[1].Results.Should().HaveCount(drifted.Run.Results.Count);
    }

    /// <summary>
    /// Logs decisions as the engine's events: each decision proposes every candidate type to one account at
    /// one moment on one feature snapshot, and each candidate's outcome is observed at 90 days. Churn follows
    /// the first feature (a clear signal); a treated decision's account is always retained.
    /// </summary>
    private async Task LogAsync(Random rng, int untreated, int treated, int appliedUnlabelled, double? churnRate = null)
    {
        await using var session = H.Store.LightweightSession();
        var start = H.Clock.GetUtcNow().AddDays(-200);
        var decisions = untreated + treated + appliedUnlabelled;
        for (var i = 0; i < decisions; i++)
        {
            var account = $"log-{Guid.NewGuid():N}"[..16];
            var at = start.AddMinutes(i);
            var values = FeatureBuilder.FeatureNames.ToDictionary(n => n, _ => (double?)rng.NextDouble());
            var snapshot = new FeatureSnapshot(account, DateOnly.FromDateTime(at.UtcDateTime), values);
            var p = churnRate ?? 1 / (1 + Math.Exp(-8 * (values[FeatureBuilder.FeatureNames[0]]!.Value - 0.6)));
            var isTreated = i >= untreated && i < untreated + treated;
            var isAppliedUnlabelled = i >= untreated + treated;
            var retained = isTreated || rng.NextDouble() >= p;
            for (var j = 0; j < CandidateTypes.Length; j++)
            {
                var id = Guid.NewGuid();
                session.Events.StartStream(id, new ActionProposed(id, account, null, CandidateTypes[j], new JsonObject(),
                    new JsonObject { ["category"] = "retention", ["channel"] = "csm_task" }, new ProposalScores(p, 0.1, 1000m, 75m, 25m),
                    new ProposalExplanation("Test.", "test", [], "Test."), "churn-test-1", snapshot.Hash(), "system:nba", at, Arm.Exploit, j == 0 ? 0.8 : 0, snapshot));
                if (isAppliedUnlabelled && j == 0)
                {
                    // Applied, outcome still to come: only the treated set knows this decision was acted on.
                    session.Events.Append(id, new ActionApplied(id, $"k-{id}", "csm@demo.local", at.AddHours(1), account, "token", at.AddDays(7), new JsonObject(), new JsonObject(), "applied"));
                    continue;
                }
                session.Events.Append(id, new OutcomeObserved(id, retained ? "retained" : "churned", null, "test", at.AddDays(90), isTreated && j == 0, "90d"));
            }
        }
        await session.SaveChangesAsync();
    }

    private async Task LogOutreachAsync(int accounts, string prefix, int seed, double truthShift = 0)
    {
        var rng = new Random(seed);
        var ids = await LoggedLoop.SeedAccountsAsync(H, accounts, rng, prefix, truthShift);
        await LoggedLoop.ProposeOutreachAsync(H, ids, 0.5, rng);
        await LoggedLoop.ObserveDueAsync(H);
    }

    private async Task<string> StoreChampionAsync(string version, double rocAuc, DriftBaseline? baseline = null)
    {
        await using var session = H.Store.LightweightSession();
        await ModelRegistry.DemoteChampionsAsync(session, ChurnModelCard.Kind, CancellationToken.None);
        session.Store(new ModelArtifact
        {
            Id = version, Kind = ChurnModelCard.Kind, Version = version, CreatedAt = H.Clock.GetUtcNow(), IsChampion = true,
            Metrics = new Dictionary<string, double> { ["roc_auc"] = rocAuc }, Features = [], TrainingWindow = new TrainingWindow(default, default, default), DataHash = "x",
            TrainingExamples = 100, ModelCard = "test", Bytes = [1], DriftBaseline = baseline,
        });
        await session.SaveChangesAsync();
        return version;
    }
}
