using ActionPlane.Engine.Features;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Models.Drift;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Models.Drift;

/// <summary>Drift of the harness's model version: one shifted feature, one stable, and a recorded outcome.</summary>
public sealed class DriftAnalyzerTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private const string Version = "churn-20261101-1";

    private static FeatureSnapshot Snapshot(string account, double tickets, double utilisation) =>
        new(account, new DateOnly(2026, 11, 1), new Dictionary<string, double?> { ["tickets_30d"] = tickets, ["seat_utilisation"] = utilisation });

    private async Task ArrangeAsync()
    {
        // Training: tickets 0..9, utilisation 0..1. Now: tickets 20..29 (shifted), utilisation as before.
        var examples = Enumerable.Range(0, 200).Select(i => new ChurnExample(Snapshot($"t{i}", i % 10, i % 100 / 100.0), i % 4 == 0)).ToList();
        var heldOut = new HeldOutPredictions([0.1, 0.2, 0.8, 0.9], [false, false, true, true]);
        await using var session = H.Store.LightweightSession();
        session.Store(new ModelArtifact
        {
            Id = Version, Kind = "churn", Version = Version, CreatedAt = LifecycleHarness.Start, Metrics = new Dictionary<string, double>(),
            Features = ["tickets_30d", "seat_utilisation"], TrainingWindow = new TrainingWindow(new DateOnly(2026, 1, 1), new DateOnly(2026, 8, 1), new DateOnly(2026, 11, 1)),
            DataHash = "x", TrainingExamples = examples.Count, ModelCard = "# test", Bytes = [1],
            DriftBaseline = DriftBaseline.Capture(examples, heldOut),
        });
        for (var i = 0; i < 100; i++)
            session.Store(new AccountScore
            {
                Id = $"now{i}", ChurnProbability = 0.5, Tier = RiskTier.Medium, Drivers = [], ModelVersion = Version, ScoredAt = LifecycleHarness.Start,
                Features = Snapshot($"now{i}", 20 + i % 10, i % 100 / 100.0),
            });
        // The harness's own account, re-scored by this version so its proposals carry it.
        var own = (await session.LoadAsync<AccountScore>(LifecycleHarness.AccountId))!;
        session.Store(own with { ModelVersion = Version });
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task Analyze_FlagsTheShiftedFeature_KeepsTheStableOneStable_AndCalibratesOnRecordedOutcomes()
    {
        await ArrangeAsync();
        var proposal = await H.ProposeAsync("pin_shortcut");
        await H.Get<OutcomeRecorder>().RecordAsync(proposal.ProposalId, "churned", null, LifecycleHarness.Csm);

        var report = (await H.Get<DriftAnalyzer>().AnalyzeAsync(Version))!;

        report.HasBaseline.Should().BeTrue();
        report.ScoredAccounts.Should().Be(101);
        report.Features.Single(f => f.Feature == "tickets_30d").Band.Should().Be("significant");
        report.Features.Single(f => f.Feature == "seat_utilisation").Psi.Should().BeLessThan(Psi.ModerateFrom);
        report.MaxPsi.Should().Be(report.Features[0].Psi, "features come largest PSI first");
        report.TrainingCalibration!.Count.Should().Be(4);
        report.RecentCalibration!.Count.Should().Be(1);
        report.RecentCalibration.Bins.Single().ObservedRate.Should().Be(1);
        report.EceChange.Should().BeNull("one outcome is too few for an ECE, so it cannot be a calibration drift");
    }

    [Fact]
    public async Task Analyze_ReturnsNullForAnUnknownVersion_AndNoBaselineForAnOldArtifact()
    {
        await using (var session = H.Store.LightweightSession())
        {
            session.Store(new ModelArtifact
            {
                Id = "churn-20250101-1", Kind = "churn", Version = "churn-20250101-1", CreatedAt = LifecycleHarness.Start, Metrics = new Dictionary<string, double>(),
                Features = [], TrainingWindow = new TrainingWindow(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 1)),
                DataHash = "x", TrainingExamples = 0, ModelCard = "", Bytes = [1],
            });
            await session.SaveChangesAsync();
        }

        (await H.Get<DriftAnalyzer>().AnalyzeAsync("churn-19990101-1")).Should().BeNull();
        var old = (await H.Get<DriftAnalyzer>().AnalyzeAsync("churn-20250101-1"))!;
        old.HasBaseline.Should().BeFalse();
        old.Features.Should().BeEmpty();
    }
}
