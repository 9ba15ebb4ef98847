using ActionPlane.Engine.Storage;
using Npgsql;

namespace ActionPlane.Engine.Tests.Storage;

public sealed class PostgresLauncherTests
{
    [Fact]
    public async Task StartAsync_InitialisesClusterOnce_WithLz4Compression_AndStatementStatistics_AndReusesItOnSecondStart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ap-launcher-" + Guid.NewGuid().ToString("N"));
        var options = new PostgresLauncherOptions { DataDirectory = folder, Durable = false };
        try
        {
            var log = new List<string>();
            await using (var first = await PostgresLauncher.StartAsync(options, log.Add))
            {
                await using var connection = new NpgsqlConnection(first.ConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("select current_database()", connection);
                (await command.ExecuteScalarAsync()).Should().Be("actionplane");
                // This machine's server is built with lz4; large jsonb values are compressed with it.
                await using var compression = new NpgsqlCommand("show default_toast_compression", connection);
                (await compression.ExecuteScalarAsync()).Should().Be("lz4");
                // Its server ships pg_stat_statements: preloaded, and the view is there to read in the database.
                await using var statements = new NpgsqlCommand("select current_setting('shared_preload_libraries'), (select count(*) from pg_stat_statements) > 0", connection);
                await using var reader = await statements.ExecuteReaderAsync();
                (await reader.ReadAsync()).Should().BeTrue();
                reader.GetString(0).Should().Be("pg_stat_statements");
                reader.GetBoolean(1).Should().BeTrue("the statements above were counted");
            }
            log.Should().Contain(l => l.StartsWith("Initialising"));

            var second = new List<string>();
            await using (var again = await PostgresLauncher.StartAsync(options, second.Add))
            {
                await using var connection = new NpgsqlConnection(again.ConnectionString);
                await connection.OpenAsync();
            }
            second.Should().NotContain(l => l.StartsWith("Initialising"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
