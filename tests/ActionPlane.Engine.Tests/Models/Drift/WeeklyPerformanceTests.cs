using System.Text.Json.Nodes;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Models.Drift;
using ActionPlane.Engine.Outcomes;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Models.Drift;

/// <summary>ROC-AUC, PR-AUC and ECE of a churn version per ISO week of decision, from proposals and outcomes in the real event store, and the pooled recent AUC against training.</summary>
public sealed class WeeklyPerformanceTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private const string Version = "churn-20260901-1";

    // Monday of ISO week 2026-W40.
    private static readonly DateTimeOffset W40 = new(2026, 9, 28, 10, 0, 0, TimeSpan.Zero);

    private async Task StoreArtifactAsync(double trainingAuc)
    {
        await using var session = H.Store.LightweightSession();
        session.Store(new ModelArtifact
        {
            Id = Version, Kind = ChurnModelCard.Kind, Version = Version, CreatedAt = W40.AddDays(-30), Metrics = new Dictionary<string, double> { ["roc_auc"] = trainingAuc },
            Features = [], TrainingWindow = new TrainingWindow(new DateOnly(2026, 1, 1), new DateOnly(2026, 8, 1), new DateOnly(2026, 9, 1)),
            DataHash = "x", TrainingExamples = 1000, ModelCard = "# test", Bytes = [1],
        });
        await session.SaveChangesAsync();
    }

    /// <summary>One proposal scored <paramref name="probability"/> at <paramref name="at"/> with the given outcomes, in order.</summary>
    private async Task DecideAsync(DateTimeOffset at, double probability, string[] outcomes, string version = Version, string? account = null, bool treated = false)
    {
        var id = Guid.NewGuid();
        await using var session = H.Store.LightweightSession();
        var events = new List<object>
        {
            new ActionProposed(id, account ?? $"acc-{id:N}"[..12], null, "csm_outreach", new JsonObject(), new JsonObject(), new ProposalScores(probability, 0.1, 1000m, 75m, 25m),
                new ProposalExplanation("Outreach.", "usage fell", [], "A CSM will reach out."), version, "hash", "system:nba", at),
        };
        events.AddRange(outcomes.Select((o, i) => new OutcomeObserved(id, o, null, "test", at.AddDays(60 + i), treated)));
        session.Events.StartStream(id, [.. events]);
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task Weekly_ScoresThatOrderTheLabelsPerfectlyGiveAucOne_AOneClassWeekHasNoAuc_AndASmallWeekNoMetrics()
    {
        await StoreArtifactAsync(trainingAuc: 0.9);
        // W40, Monday to Sunday 23:30 UTC: 10 churners scored 0.70–0.88 above 20 stayers scored 0.10–0.29.
        for (var i = 0; i < 10; i++)
            await DecideAsync(W40.AddHours(i * 15), 0.70 + i * 0.02, [OutcomeKinds.Churned]);
        for (var i = 0; i < 19; i++)
            await DecideAsync(W40.AddHours(i * 7), 0.10 + i * 0.01, [OutcomeKinds.Retained]);
        await DecideAsync(new DateTimeOffset(2026, 10, 4, 23, 30, 0, TimeSpan.Zero), 0.29, ["renewed"]);
        // Not labels: an adoption outcome only, an outcome still to come, and another version's proposal.
        await DecideAsync(W40, 0.9, [OutcomeKinds.FeatureAdopted]);
        await DecideAsync(W40, 0.9, []);
        await DecideAsync(W40, 0.9, [OutcomeKinds.Retained], "churn-20250101-1");
        // W41: 26 stayers, one of them first marked churned and later retained (the latest outcome is the label).
        for (var i = 0; i < 24; i++)
            await DecideAsync(W40.AddDays(7 + i % 7), 0.2, [OutcomeKinds.Retained]);
        await DecideAsync(W40.AddDays(8), 0.2, [OutcomeKinds.Churned, OutcomeKinds.Retained]);
        // One propose's alternatives for one account count once: the applied one's outcome is the account's.
        await DecideAsync(W40.AddDays(9), 0.25, [OutcomeKinds.Churned], account: "acc-twin");
        await DecideAsync(W40.AddDays(9), 0.25, [OutcomeKinds.Retained], account: "acc-twin", treated: true);
        await DecideAsync(W40.AddDays(9), 0.25, [OutcomeKinds.Churned], account: "acc-twin");
        // W42: nothing. W43: 10 outcomes of both classes, fewer than a week needs.
        for (var i = 0; i < 10; i++)
            await DecideAsync(W40.AddDays(21), i < 3 ? 0.8 : 0.2, [i < 3 ? OutcomeKinds.Churned : OutcomeKinds.Retained]);

        var report = (await H.Get<DriftAnalyzer>().AnalyzeAsync(Version))!;

        report.Weekly.Select(w => (w.Week, w.Labelled, w.Churners)).Should().Equal(("2026-W40", 30, 10), ("2026-W41", 26, 0), ("2026-W42", 0, 0), ("2026-W43", 10, 3));
        var w40 = report.Weekly[0];
        w40.WeekStart.Should().Be(new DateOnly(2026, 9, 28));
        w40.RocAuc.Should().Be(1.0);
        w40.PrAuc.Should().BeApproximately(1.0, 1e-12);
        w40.ObservedRate.Should().BeApproximately(1 / 3.0, 1e-12);
        w40.MeanPredicted.Should().BeApproximately((Enumerable.Range(0, 10).Sum(i => 0.70 + i * 0.02) + Enumerable.Range(0, 19).Sum(i => 0.10 + i * 0.01) + 0.29) / 30, 1e-12);
        w40.Ece.Should().BeApproximately(CalibrationError.Ece(
            [.. Enumerable.Range(0, 10).Select(i => 0.70 + i * 0.02), .. Enumerable.Range(0, 19).Select(i => 0.10 + i * 0.01), 0.29],
            [.. Enumerable.Repeat(true, 10), .. Enumerable.Repeat(false, 20)]), 1e-12);
        report.Weekly[1].Should().Match<WeeklyPerformance>(w => w.RocAuc == null && w.PrAuc == null && w.Ece != null && w.ObservedRate == 0, "one class: no AUC, calibration still");
        report.Weekly[2].Should().Match<WeeklyPerformance>(w => w.RocAuc == null && w.Ece == null && w.MeanPredicted == null);
        report.Weekly[3].Should().Match<WeeklyPerformance>(w => w.RocAuc == null && w.Ece == null, $"fewer than {WeeklyPerformance.MinLabelled} outcomes");
        report.RecentCalibration!.Count.Should().Be(66, "the overall reliability curve uses the same labels");

        // The last 4 weeks up to W43 pool all 66 outcomes; every churner is scored above every stayer.
        report.RecentAuc.Should().Match<RecentAuc>(r => r.Weeks == 4 && r.From == new DateOnly(2026, 9, 28) && r.Until == new DateOnly(2026, 10, 19) && r.Labelled == 66 && r.Churners == 13);
        report.RecentAuc.RocAuc.Should().Be(1.0);
        report.RecentAuc.TrainingRocAuc.Should().Be(0.9);
        report.AucDrop.Should().BeApproximately(-0.1, 1e-12, "the recent weeks rank churners better than training did");
    }

    [Fact]
    public async Task RecentAuc_PoolsOnlyTheLastFourWeeks_AndMeasuresTheDropFromTraining()
    {
        await StoreArtifactAsync(trainingAuc: 0.8);
        // W40: perfectly ordered, 30 outcomes. Five weeks later (W45, outside W42–W45): scores that order churners below stayers.
        for (var i = 0; i < 30; i++)
            await DecideAsync(W40, i < 10 ? 0.8 : 0.2, [i < 10 ? OutcomeKinds.Churned : OutcomeKinds.Retained]);
        for (var i = 0; i < 30; i++)
            await DecideAsync(W40.AddDays(35), i < 10 ? 0.2 : 0.8, [i < 10 ? OutcomeKinds.Churned : OutcomeKinds.Retained]);

        var report = (await H.Get<DriftAnalyzer>().AnalyzeAsync(Version))!;

        report.Weekly.Should().HaveCount(6);
        report.Weekly.Select(w => w.RocAuc).Should().Equal(1.0, null, null, null, null, 0.0);
        report.RecentAuc.From.Should().Be(new DateOnly(2026, 10, 12));
        report.RecentAuc.Labelled.Should().Be(30);
        report.RecentAuc.RocAuc.Should().Be(0.0);
        report.AucDrop.Should().BeApproximately(0.8, 1e-12);
    }

    [Fact]
    public async Task AVersionWithoutOutcomes_HasNoWeeks_AndNoRecentAuc()
    {
        await StoreArtifactAsync(trainingAuc: 0.8);
        await DecideAsync(W40, 0.5, []);

        var report = (await H.Get<DriftAnalyzer>().AnalyzeAsync(Version))!;

        report.Weekly.Should().BeEmpty();
        report.RecentAuc.Should().Match<RecentAuc>(r => r.Labelled == 0 && r.RocAuc == null && r.From == null && r.TrainingRocAuc == 0.8);
        report.AucDrop.Should().BeNull();
    }
}
