using System.Text.Json;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Outcomes;
using ActionPlane.Engine.Tests.Support;
using ActionPlane.Engine.Training;
using Marten;

namespace ActionPlane.Engine.Tests.Training;

public sealed class TrainingExampleProjectionTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    [Fact]
    public async Task TrainingExamples_CarryDecisionTimeFeaturesArmTreatmentAndLabel_NotTodaysFeatures()
    {
        // Arrange: the demo's ground truth; the engine proposes (features as scored now), one action is applied.
        await StoreTruthAsync();
        var decidedWith = (await H.LoadAsync<AccountScore>(LifecycleHarness.AccountId))!.Features;
        var batch = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);
        var applied = batch.Proposals.Single(p => p.ActionType == "csm_outreach");
        await H.Applier.ApplyAsync(applied.ProposalId, "k1", LifecycleHarness.Csm);
        // The account is re-scored later: training must not see these features.
        await RescoreAsync(decidedWith with { Values = new Dictionary<string, double?> { ["modules_adopted_30d"] = 9, ["tickets_30d"] = 0 } });

        // Act: the outcomes come due.
        H.Clock.Advance(TimeSpan.FromDays(91));
        await new OutcomeObserver(H.Store, H.Clock).ObserveDueAsync();
        var rows = await RowsAsync();

        // Assert
        rows.Should().HaveCount(batch.Proposals.Count).And.OnlyContain(r => r.Labelled && r.Retained != null);
        rows.Should().OnlyContain(r => r.Features != null && r.Features.Hash() == decidedWith.Hash() && r.FeatureSnapshotHash == decidedWith.Hash(),
            "every row keeps the snapshot the decision was made on");
        rows.Should().OnlyContain(r => r.ChurnModelVersion == "churn-test-1" && r.PolicyRevision.Length > 0 && r.AccountId == LifecycleHarness.AccountId);
        var treated = rows.Single(r => r.Id == applied.ProposalId);
        treated.Treated.Should().BeTrue();
        treated.AppliedAt.Should().NotBeNull();
        rows.Where(r => r.Id != applied.ProposalId).Should().OnlyContain(r => !r.Treated, "alternatives never applied are control rows");
        var proposed = (await H.EventsAsync(applied.ProposalId)).OfType<ActionProposed>().Single();
        treated.Arm.Should().Be(proposed.Arm!.Value.ToString().ToLowerInvariant());
        treated.Propensity.Should().Be(proposed.Propensity);
        var outcome = (await H.EventsAsync(applied.ProposalId)).OfType<OutcomeObserved>().Single();
        treated.Retained.Should().Be(outcome.Outcome == OutcomeKinds.Retained);
    }

    [Fact]
    public async Task Rebuild_FromTheEventStream_GivesTheSameRows()
    {
        // Arrange: labelled rows, applied, undone and untouched proposals among them.
        await StoreTruthAsync();
        var batch = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);
        var outreach = batch.Proposals.Single(p => p.ActionType == "csm_outreach");
        var receipt = await H.Applier.ApplyAsync(outreach.ProposalId, "k1", LifecycleHarness.Csm);
        await H.Applier.UndoAsync(outreach.ProposalId, receipt.RollbackToken.ToString(), LifecycleHarness.Csm);
        H.Clock.Advance(TimeSpan.FromDays(91));
        await new OutcomeObserver(H.Store, H.Clock).ObserveDueAsync();
        var before = Json(await RowsAsync());

        // Act: wipe the projection's rows, then rebuild them from the events alone.
        await using (var session = H.Store.LightweightSession())
        {
            session.DeleteWhere<TrainingExample>(_ => true);
            await session.SaveChangesAsync();
        }
        (await RowsAsync()).Should().BeEmpty();
        using (var daemon = await H.Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<TrainingExampleProjection>(CancellationToken.None);

        // Assert
        var after = await RowsAsync();
        Json(after).Should().Be(before);
        after.Single(r => r.Id == outreach.ProposalId).Should().Match<TrainingExample>(r => !r.Treated && r.UndoneAt != null, "an undone action was not in effect");
    }

    [Fact]
    public async Task Propose_StoresTheFeatureSnapshotOnce_AndItsEventsAndRowsCarryItsHash()
    {
        // Arrange
        var decidedWith = (await H.LoadAsync<AccountScore>(LifecycleHarness.AccountId))!.Features;

        // Act
        var batch = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        // Assert
        batch.Proposals.Should().HaveCountGreaterThan(1);
        foreach (var proposal in batch.Proposals)
        {
            var proposed = (await H.EventsAsync(proposal.ProposalId)).OfType<ActionProposed>().Single();
            proposed.Features.Should().BeNull("the snapshot is stored once per propose, not per decision");
            proposed.FeatureSnapshotHash.Should().Be(decidedWith.Hash());
        }
        await using var session = H.Store.QuerySession();
        (await session.Query<StoredFeatureSnapshot>().ToListAsync()).Should().ContainSingle()
            .Which.Features.Hash().Should().Be(decidedWith.Hash());
        (await RowsAsync()).Should().HaveCount(batch.Proposals.Count).And.OnlyContain(r => r.Features != null && r.Features.Hash() == decidedWith.Hash());
    }

    private async Task<IReadOnlyList<TrainingExample>> RowsAsync()
    {
        await using var session = H.Store.QuerySession();
        return await TrainingExampleQueries.WithFeaturesAsync(session, await session.Query<TrainingExample>().OrderBy(r => r.Id).ToListAsync());
    }

    private static string Json(IReadOnlyList<TrainingExample> rows) => JsonSerializer.Serialize(rows);

    private async Task StoreTruthAsync()
    {
        await using var session = H.Store.LightweightSession();
        session.Store(new OutcomeTruth(LifecycleHarness.AccountId, 0.4,
            new ChurnDrivers(UsageDecline: 0.6, ModulesAdopted: 2, SeatUtilisation: 0.4, SupportFriction: 0.7, Downgraded: false, DaysToRenewal: 200, Noise: 0), 42));
        await session.SaveChangesAsync();
    }

    private async Task RescoreAsync(FeatureSnapshot features)
    {
        var score = (await H.LoadAsync<AccountScore>(LifecycleHarness.AccountId))!;
        await using var session = H.Store.LightweightSession();
        session.Store(score with { Features = features, ModelVersion = "churn-test-2" });
        await session.SaveChangesAsync();
    }
}
