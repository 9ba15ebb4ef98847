using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Models.Drift;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using Marten;
using Marten.Linq;
using Npgsql;

namespace ActionPlane.Engine.Tests.Storage;

/// <summary>
/// The drift analysis's indexes on mt_events (ActionProposed.ModelVersion, and OutcomeObserved's proposal id and stream id):
/// created on first use (after the event tables), kept by Marten's migration, usable by the drift queries.
/// </summary>
public sealed class ProposalModelVersionIndexTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    // The version the harness's account score carries, so its proposals carry it too.
    private const string Version = "churn-test-1";

    private async Task StoreArtifactAsync()
    {
        await using var session = H.Store.LightweightSession();
        session.Store(new ModelArtifact
        {
            Id = Version, Kind = "churn", Version = Version, CreatedAt = LifecycleHarness.Start, Metrics = new Dictionary<string, double>(),
            Features = [], TrainingWindow = new TrainingWindow(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1)),
            DataHash = "x", TrainingExamples = 0, ModelCard = "", Bytes = [1],
        });
        await session.SaveChangesAsync();
    }

    private async Task<string?> IndexDefinitionAsync(string index = ActionPlaneStore.ProposalModelVersionIndex)
    {
        await using var connection = new NpgsqlConnection(H.Options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select indexdef from pg_indexes where schemaname = $1 and indexname = $2", connection)
        {
            Parameters = { new() { Value = H.Options.SchemaName }, new() { Value = index } },
        };
        return (string?)await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task TheEventsTable_HasThePartialIndexOnModelVersion_AfterTheFirstDriftAnalysis()
    {
        await H.ProposeAsync("pin_shortcut");
        (await IndexDefinitionAsync()).Should().BeNull("Marten creates schema objects lazily, on first use");

        await StoreArtifactAsync();
        (await H.Get<DriftAnalyzer>().AnalyzeAsync(Version))!.RecentCalibration.Should().BeNull("the proposal has no outcome yet");

        var definition = await IndexDefinitionAsync();
        definition.Should().NotBeNull();
        definition.Should().Contain($"ON {H.Options.SchemaName}.mt_events").And.Contain("(data ->> 'ModelVersion'::text)").And.Contain("'action_proposed'::text");
    }

    [Fact]
    public async Task EnsuringTheIndex_OnAStoreWithoutEvents_CreatesTheEventTablesFirst()
    {
        await H.Store.Storage.Database.EnsureStorageExistsAsync(typeof(EventFieldIndexes));

        (await IndexDefinitionAsync()).Should().NotBeNull();
    }

    [Fact]
    public async Task MartensMigration_KeepsTheIndex_AndSeesNoDrift()
    {
        await H.ProposeAsync("pin_shortcut");

        // A second store on the same schema, as a restarted node: the event table's migration must not drop the
        // index as an unknown one, and the index must not show as a change still to apply.
        using var restarted = ActionPlaneStore.CreateStore(H.Options);
        await restarted.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await restarted.Storage.Database.AssertDatabaseMatchesConfigurationAsync();

        (await IndexDefinitionAsync()).Should().NotBeNull();
    }

    [Fact]
    public async Task TheDriftQuery_CanUseTheIndex()
    {
        var proposal = await H.ProposeAsync("pin_shortcut");
        await H.Store.Storage.Database.EnsureStorageExistsAsync(typeof(EventFieldIndexes));
        await using var session = H.Store.QuerySession();
        (await DriftAnalyzer.ProposedScores(session, Version).ToListAsync()).Select(p => p.ProposalId).Should().Contain(proposal.ProposalId);

        // With sequential scans priced out, the plan names the index only if the index's expression and predicate
        // match what Marten generates for the query (the event type's alias, the ->> of the field).
        var plan = await PlanWithoutSequentialScansAsync(DriftAnalyzer.ProposedScores(session, Version).ToCommand(FetchType.FetchMany));

        plan.Should().Contain(line => line.Contains(ActionPlaneStore.ProposalModelVersionIndex), string.Join("\n", plan));
    }

    [Fact]
    public async Task TheEventsTable_HasTheOutcomesPartialIndexes_AfterTheFirstDriftAnalysis()
    {
        await H.ProposeAsync("pin_shortcut");
        await StoreArtifactAsync();

        await H.Get<DriftAnalyzer>().AnalyzeAsync(Version);

        (await IndexDefinitionAsync(ActionPlaneStore.OutcomeProposalIdIndex)).Should()
            .Contain("(((data ->> 'ProposalId'::text))::uuid)").And.Contain("'outcome_observed'::text");
        (await IndexDefinitionAsync(ActionPlaneStore.OutcomeStreamIndex)).Should().Contain("(stream_id)").And.Contain("'outcome_observed'::text");
    }

    [Fact]
    public async Task TheOutcomesQuery_CanUseTheProposalIdIndex_InsteadOfScanningEveryEvent()
    {
        var proposal = await H.ProposeAsync("pin_shortcut");
        await using (var write = H.Store.LightweightSession())
        {
            write.Events.Append(proposal.ProposalId, new OutcomeObserved(proposal.ProposalId, "retained", null, "test", LifecycleHarness.Start.AddDays(90)));
            await write.SaveChangesAsync();
        }
        await H.Store.Storage.Database.EnsureStorageExistsAsync(typeof(EventFieldIndexes));
        await using var session = H.Store.QuerySession();
        (await DriftAnalyzer.OutcomesOf(session, [proposal.ProposalId]).ToListAsync()).Select(o => o.ProposalId).Should().Equal(proposal.ProposalId);

        // The proposal-id index matches only if its expression is Marten's CAST of the field to uuid.
        var plan = await PlanWithoutSequentialScansAsync(DriftAnalyzer.OutcomesOf(session, [proposal.ProposalId]).ToCommand(FetchType.FetchMany));

        plan.Should().Contain(line => line.Contains(ActionPlaneStore.OutcomeProposalIdIndex), string.Join("\n", plan));
        plan.Should().NotContain(line => line.Contains("Seq Scan"), string.Join("\n", plan));
    }

    private Task<List<string>> PlanWithoutSequentialScansAsync(NpgsqlCommand command) => QueryPlans.WithoutSequentialScansAsync(H.Options.ConnectionString, command);
}
