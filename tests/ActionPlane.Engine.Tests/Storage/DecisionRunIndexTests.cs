using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Metrics;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using Marten;
using Marten.Linq;
using Npgsql;

namespace ActionPlane.Engine.Tests.Storage;

/// <summary>
/// The weekly decision run's reads that would otherwise grow with the log (docs/benchmarks.md "The weekly decision run",
/// session 13): each can use its index, so none reads every proposal or decision the tenant or the account ever had.
/// </summary>
public sealed class DecisionRunIndexTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private static readonly DateTimeOffset Week = LifecycleHarness.Start;

    [Fact]
    public async Task TheExpirysTenantWideRead_OfOpenProposalsPastTheTtl_UsesTheStatusIndex()
    {
        await H.ProposeAsync("pin_shortcut");
        await using var session = H.Store.QuerySession();

        var plan = await PlanWithoutSequentialScansAsync(ProposalExpirer.LapsedQuery(session, Week).ToCommand(FetchType.FetchMany));

        plan.Should().Contain(line => line.Contains("mt_doc_actionlifecycle_idx_status_proposed_at"), string.Join("\n", plan));
        plan.Should().NotContain(line => line.Contains("Seq Scan"), string.Join("\n", plan));
    }

    [Fact]
    public async Task TheRunsReadOfWhoTheEngineDecidedThisWeek_UsesTheProposedAtIndex()
    {
        await H.ProposeAsync("pin_shortcut");
        await using var session = H.Store.QuerySession();

        var plan = await PlanWithoutSequentialScansAsync(DecisionRunner.EngineProposedSince(session, Week).ToCommand(FetchType.FetchMany));

        plan.Should().Contain(line => line.Contains("mt_doc_actionlifecycle_idx_proposed_at"), string.Join("\n", plan));
        plan.Should().NotContain(line => line.Contains("Seq Scan"), string.Join("\n", plan));
    }

    [Fact]
    public async Task ProposesReadOfTheAccountsOpenProposals_UsesTheAccountAndStatusIndex()
    {
        await H.ProposeAsync("pin_shortcut");
        await using var session = H.Store.QuerySession();

        var query = session.Query<ActionLifecycle>().Where(ProposalContext.OpenOf(LifecycleHarness.AccountId, Week));
        var plan = await PlanWithoutSequentialScansAsync(query.ToCommand(FetchType.FetchMany));

        plan.Should().Contain(line => line.Contains("mt_doc_actionlifecycle_idx_account_id_status"), string.Join("\n", plan));
        plan.Should().NotContain(line => line.Contains("Seq Scan"), string.Join("\n", plan));
    }

    [Fact]
    public async Task ProposesReadOfTheAccountsAppliedActions_UsesThePartialIndex_WhichHoldsOnlyAppliedRecords()
    {
        var applied = await H.ProposeAsync("csm_outreach");
        await H.Applier.ApplyAsync(applied.ProposalId, "k1", LifecycleHarness.Csm);
        await H.ProposeAsync("pin_shortcut");
        await using var session = H.Store.QuerySession();

        var query = session.Query<DecisionRecord>().Where(ProposalContext.AppliedOf(LifecycleHarness.AccountId));
        (await query.Select(r => r.Id).ToListAsync()).Should().Equal(applied.ProposalId);
        var plan = await PlanWithoutSequentialScansAsync(query.ToCommand(FetchType.FetchMany));

        plan.Should().Contain(line => line.Contains(ActionPlaneStore.AppliedByAccountIndex), string.Join("\n", plan));
    }

    [Fact]
    public async Task TheActionMetricsReport_ReadsItsWindow_ThroughTheRecordsProposedAtIndex()
    {
        var proposal = await H.ProposeAsync("pin_shortcut");
        await using var session = H.Store.QuerySession();
        var (from, to) = (Week.AddDays(-30), Week.AddDays(1));
        (await ActionMetricsQuery.QueryAsync(session, from, to, MetricsGrouping.Window, null, CancellationToken.None))
            .Should().Contain(m => m.ActionType == proposal.ActionType);

        // A scan here reads (and detoasts) every record ever made.
        var plan = await PlanWithoutSequentialScansAsync(ActionMetricsQuery.Command(session, from, to, MetricsGrouping.Window, null));

        plan.Should().Contain(line => line.Contains("mt_doc_decisionrecord_idx_proposed_at"), string.Join("\n", plan));
        plan.Should().NotContain(line => line.Contains("Seq Scan"), string.Join("\n", plan));
    }

    [Fact]
    public async Task TheGatesAutonomyEvidence_ReadsOnlyTheRecordsAnApplyWasTriedOn_ThroughThePartialIndex()
    {
        var applied = await H.ProposeAsync("csm_outreach");
        await H.Applier.ApplyAsync(applied.ProposalId, "k1", LifecycleHarness.Csm);
        await H.ProposeAsync("pin_shortcut");
        await using var session = H.Store.QuerySession();
        var (from, to) = (Week.AddDays(-30), Week.AddDays(1));
        (await ActionMetricsQuery.AttemptedAsync(session, from, to, CancellationToken.None))
            .Select(m => (m.ActionType, m.Applied)).Should().Equal(("csm_outreach", 1));

        // Refreshed every few seconds while proposes run: through this index it reads the week's applies, not every candidate.
        var plan = await PlanWithoutSequentialScansAsync(ActionMetricsQuery.Command(session, from, to, MetricsGrouping.Window, null, attemptedOnly: true));

        plan.Should().Contain(line => line.Contains(ActionPlaneStore.AttemptedByProposedAtIndex), string.Join("\n", plan));
    }

    [Fact]
    public async Task MartensMigration_SeesNoDrift_InThePartialIndexes()
    {
        await H.ProposeAsync("pin_shortcut");

        // A restarted node: a predicate Marten reads back differently from how it writes it would show as a change every start.
        using var restarted = ActionPlaneStore.CreateStore(H.Options);
        await restarted.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await restarted.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }

    [Fact]
    public async Task AnIndexAReleaseAddsToATableWithRows_IsBuiltConcurrently_SoTheUpgradeDoesNotStopWrites()
    {
        await H.ProposeAsync("pin_shortcut");
        await ExecuteAsync($"drop index {H.Options.SchemaName}.{ActionPlaneStore.AttemptedByProposedAtIndex}");

        // The upgraded node: its migration adds the index the database lacks.
        using var upgraded = ActionPlaneStore.CreateStore(H.Options);
        var migration = await upgraded.Storage.Database.CreateMigrationAsync();
        var script = new StringWriter();
        migration.WriteAllUpdates(script, upgraded.Options.Advanced.Migrator, JasperFx.AutoCreate.CreateOrUpdate);
        script.ToString().Should().MatchRegex($"CREATE INDEX CONCURRENTLY[^;]*{ActionPlaneStore.AttemptedByProposedAtIndex}");

        await upgraded.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await upgraded.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(H.Options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Task<List<string>> PlanWithoutSequentialScansAsync(NpgsqlCommand command) => QueryPlans.WithoutSequentialScansAsync(H.Options.ConnectionString, command);
}
