using ActionPlane.Engine.Features;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Tests.Support;
using ActionPlane.Engine.Training;
using ActionPlane.Engine.Uplift;
using Marten;

namespace ActionPlane.Engine.Tests.Training;

/// <summary>The whole loop on real PostgreSQL: propose, apply, observe outcomes (demo ground truth), retrain, register.</summary>
public sealed class UpliftRetrainerTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private const string Outreach = "csm_outreach";

    private UpliftRetrainer Retrainer => new(H.Store, H.Clock);

    [Fact]
    public async Task Retrain_FromLoggedDecisionsAndOutcomes_RegistersAChallengerWithItsMetrics_AndComparesItWithTheChampion()
    {
        // Arrange: 200 accounts, outreach proposed to each and applied to a random half; outcomes come due.
        var treated = await RunLoopAsync(accounts: 200, applyShare: 0.5);
        var options = new UpliftRetrainOptions { ActionTypes = [Outreach], Register = true, MinRowsPerArm = 30 };

        // Act: retrain, promote that version, retrain again (now there is a champion to compare with).
        var first = (await Retrainer.RetrainAsync(options, "test")).Results.Single();
        await new ModelRegistry(H.Store).PromoteAsync(first.Version!);
        H.Clock.Advance(TimeSpan.FromHours(1));
        var second = (await Retrainer.RetrainAsync(options, "test")).Results.Single();

        // Assert
        first.Treated.Should().Be(treated);
        first.Control.Should().Be(200 - treated);
        var stored = await new ModelRegistry(H.Store).ListAsync(UpliftModelCard.KindOf(Outreach));
        stored.Select(a => a.Version).Should().Equal(first.Version, second.Version);
        var challenger = stored.Single(a => a.Version == second.Version);
        challenger.IsChampion.Should().BeFalse("retraining registers challengers; promotion stays a separate step");
        challenger.TrainingExamples.Should().Be(200);
        challenger.Metrics.Should().ContainKeys("qini_auc", "uplift_auc", "n_train", "n_test", "ope_snips_challenger", "ope_ips_challenger", "ope_logged_retention", "ope_snips_champion");
        challenger.Metrics["n_treated"].Should().Be(treated);
        challenger.Metrics["ope_logged_retention"].Should().BeInRange(0, 1);
        challenger.ModelCard.Should().Contain("Off-policy").And.Contain(first.Version!);
        UpliftModel.Load(challenger.Bytes).FeatureNames.Should().Equal(FeatureBuilder.FeatureNames);
        first.ChampionVersion.Should().BeNull();
        second.ChampionVersion.Should().Be(first.Version);
        await using var session = H.Store.QuerySession();
        (await TrainingExampleQueries.LatestRunAsync(session, CancellationToken.None))!.Results.Single().Version.Should().Be(second.Version);
        var counts = await TrainingExampleQueries.LabelCountsAsync(session, CancellationToken.None);
        counts.Single(c => c.ActionType == Outreach).Should().Match<LabelCount>(c => c.Treated == treated && c.Control == 200 - treated);
    }

    [Fact]
    public async Task Retrain_WithTooFewTreatedRows_FailsNamingTheArmAndCounts_AndLeavesTheRegistryAsItWas()
    {
        // Arrange: 40 accounts, outreach applied to 10 of them.
        var treated = await RunLoopAsync(accounts: 40, applyShare: 0.25);
        var before = await new ModelRegistry(H.Store).ListAsync();

        // Act
        var act = () => Retrainer.RetrainAsync(new UpliftRetrainOptions { ActionTypes = [Outreach], Register = true, MinRowsPerArm = 20 }, "test");

        // Assert
        var error = (await act.Should().ThrowAsync<RetrainException>()).Which;
        error.Message.Should().Contain($"{Outreach}: {treated} treated and {40 - treated} control").And.Contain("treated arm is short");
        (await new ModelRegistry(H.Store).ListAsync()).Should().HaveCount(before.Count);
        await using var session = H.Store.QuerySession();
        (await TrainingExampleQueries.LatestRunAsync(session, CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Retrain_LeavesOutRowsRecordedWithAnOlderFeatureList_AndCountsThem()
    {
        // Arrange: 200 labelled decisions; 60 of them as an older version recorded them, without today's last feature.
        await RunLoopAsync(accounts: 200, applyShare: 0.5);
        var dropped = FeatureBuilder.FeatureNames[^1];
        await using (var session = H.Store.LightweightSession())
        {
            var rows = await TrainingExampleQueries.WithFeaturesAsync(session,
                await session.Query<TrainingExample>().Where(r => r.ActionType == Outreach).OrderBy(r => r.AccountId).Take(60).ToListAsync());
            // Stored as older versions stored them: the snapshot inline, no hash.
            foreach (var row in rows)
                session.Store(row with { FeatureSnapshotHash = "", Features = row.Features! with { Values = row.Features.Values.Where(kv => kv.Key != dropped).ToDictionary() } });
            await session.SaveChangesAsync();
        }

        // Act
        var run = await Retrainer.RetrainAsync(new UpliftRetrainOptions { ActionTypes = [Outreach], Register = true, MinRowsPerArm = 30 }, "test");

        // Assert: trained on the 140 current rows, and says so.
        run.LabelledRows.Should().Be(200);
        run.OlderFeatureRows.Should().Be(60);
        var result = run.Results.Single();
        (result.Treated + result.Control).Should().Be(140);
    }

    private async Task<int> RunLoopAsync(int accounts, double applyShare)
    {
        var rng = new Random(7);
        var ids = await LoggedLoop.SeedAccountsAsync(H, accounts, rng);
        var treated = await LoggedLoop.ProposeOutreachAsync(H, ids, applyShare, rng);
        await LoggedLoop.ObserveDueAsync(H);
        return treated;
    }
}
