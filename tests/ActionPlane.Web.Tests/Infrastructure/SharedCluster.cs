using ActionPlane.Engine.Storage;
using Npgsql;

namespace ActionPlane.Web.Tests.Infrastructure;

/// <summary>
/// The test run's one private PostgreSQL cluster (non-durable, in a temp folder), shared by the app fixtures, each on a
/// database of its own; started by the first fixture and stopped and deleted when the last one is done.
/// </summary>
internal static class SharedCluster
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static PostgresLauncher? s_launcher;
    private static string? s_folder;
    private static int s_users;

    /// <summary>A connection string to <paramref name="database"/> (created if missing), or to the default database when null.</summary>
    public static async Task<string> AcquireAsync(string? database)
    {
        await s_gate.WaitAsync();
        try
        {
            if (s_launcher is null)
            {
                s_folder = Path.Combine(Path.GetTempPath(), "ap-web-pg-" + Guid.NewGuid().ToString("N"));
                s_launcher = await PostgresLauncher.StartAsync(new PostgresLauncherOptions { DataDirectory = s_folder, Durable = false });
            }
            s_users++;
            if (database is null)
                return s_launcher.ConnectionString;
            await using (var connection = new NpgsqlConnection(s_launcher.ConnectionString))
            {
                await connection.OpenAsync();
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
                exists.Parameters.AddWithValue("name", database);
                if (await exists.ExecuteScalarAsync() is null)
                {
                    // A database name cannot be a parameter; the fixtures pass fixed lower-case names.
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
                    await create.ExecuteNonQueryAsync();
                }
            }
            return new NpgsqlConnectionStringBuilder(s_launcher.ConnectionString) { Database = database }.ConnectionString;
        }
        finally
        {
            s_gate.Release();
        }
    }

    public static async Task ReleaseAsync()
    {
        await s_gate.WaitAsync();
        try
        {
            if (--s_users > 0 || s_launcher is null)
                return;
            await s_launcher.DisposeAsync();
            s_launcher = null;
            try
            {
                Directory.Delete(s_folder!, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        finally
        {
            s_gate.Release();
        }
    }
}
