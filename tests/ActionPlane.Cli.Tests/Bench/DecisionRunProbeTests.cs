using ActionPlane.Cli.Bench;
using Npgsql;

namespace ActionPlane.Cli.Tests.Bench;

/// <summary>The decision-run probe reads PostgreSQL's per-statement counters, complete as soon as the statements have returned.</summary>
public sealed class DecisionRunProbeTests
{
    [Fact]
    public async Task Probe_CountsEveryStatementOfAPooledConnection_AtOnce_WithNestedStatementsInTheirCaller()
    {
        await using var database = await BenchDatabase.OpenAsync(null, "probe", CancellationToken.None);
        var connectionString = database.ConnectionString;
        (await DecisionRunProbe.UnavailableAsync(connectionString, CancellationToken.None)).Should().BeNull("the private cluster preloads pg_stat_statements");
        await ExecuteAsync(connectionString, """
            create table probe_rows as select g as id, repeat('x', 500) as pad from generate_series(1, 2000) g;
            create function probe_count() returns bigint language plpgsql as $$ begin return (select count(*) from probe_rows); end $$;
            """);
        var pages = (long)(await ExecuteAsync(connectionString, "select pg_relation_size('probe_rows') / current_setting('block_size')::int"))!;
        using var probe = DecisionRunProbe.Listen(connectionString);
        await probe.StartAsync(CancellationToken.None);

        // Pooled: the backend stays, idle, as Marten's do; the per-table statistics would reach the views up to 10 s later.
        await ExecuteAsync(connectionString, "select id, pad from probe_rows where id <= 1500");
        await ExecuteAsync(connectionString, "update probe_rows set pad = pad where id <= 10");
        await ExecuteAsync(connectionString, "select probe_count()");
        var cost = await probe.StopAsync(CancellationToken.None);

        // Npgsql resets a pooled connection with DISCARD ALL before its next command: those run too, and return no rows.
        cost.Statements.Where(s => !s.Query.StartsWith("DISCARD ALL", StringComparison.OrdinalIgnoreCase)).Sum(s => s.Reads.Calls)
            .Should().Be(3, "three top-level statements ran; the function's select is inside its caller");
        cost.Reads.Rows.Should().Be(1500 + 10 + 1);
        cost.Statements.Should().ContainSingle(s => s.Query.StartsWith("select probe_count()", StringComparison.Ordinal))
            .Which.Reads.Blocks.Should().BeGreaterThanOrEqualTo(pages, "the function's count scans every page of the table");
        cost.Statements.Should().ContainSingle(s => s.Query.StartsWith("select id, pad from probe_rows", StringComparison.Ordinal))
            .Which.Reads.Blocks.Should().BeGreaterThanOrEqualTo(pages);
    }

    private static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        object? first = null;
        do
            while (await reader.ReadAsync())
                first ??= reader.GetValue(0);
        while (await reader.NextResultAsync());
        return first;
    }
}
