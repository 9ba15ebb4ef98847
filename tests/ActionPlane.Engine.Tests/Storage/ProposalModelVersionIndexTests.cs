using ActionPlane.Engine.Models;
using ActionPlane.Engine.Models.Drift;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using Marten;
using Marten.Linq;
using Npgsql;

namespace ActionPlane.Engine.Tests.Storage;

/// <summary>The index on mt_events of ActionProposed.ModelVersion: created on first use (after the event tables), kept by Marten's migration, usable by the drift query.</summary>
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

    private async Task<string?> IndexDefinitionAsync()
    {
        await using var connection = new NpgsqlConnection(H.Options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select indexdef from pg_indexes where schemaname = $1 and indexname = $2", connection)
        {
            Parameters = { new() { Value = H.Options.SchemaName }, new() { Value = ActionPlaneStore.ProposalModelVersionIndex } },
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
        var command = DriftAnalyzer.ProposedScores(session, Version).ToCommand(FetchType.FetchMany);
        await using var connection = new NpgsqlConnection(H.Options.ConnectionString);
        await connection.OpenAsync();
        await using (var off = new NpgsqlCommand("set enable_seqscan = off", connection))
            await off.ExecuteNonQueryAsync();
        command.CommandText = "EXPLAIN " + command.CommandText;
        command.Connection = connection;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(0));

        plan.Should().Contain(line => line.Contains(ActionPlaneStore.ProposalModelVersionIndex), string.Join("\n", plan));
    }
}
