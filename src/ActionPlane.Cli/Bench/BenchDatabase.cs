using ActionPlane.Engine.Storage;

namespace ActionPlane.Cli.Bench;

/// <summary>
/// The database a CLI bench runs on: the one <c>--connection</c> names, or else a private, non-durable PostgreSQL
/// cluster in a temp folder, which disposing stops and deletes.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly PostgresLauncher? _launcher;
    private readonly string? _folder;

    private BenchDatabase(string connectionString, PostgresLauncher? launcher, string? folder)
    {
        ConnectionString = connectionString;
        _launcher = launcher;
        _folder = folder;
    }

    public string ConnectionString { get; }

    /// <param name="name">Names the temp folder of a private cluster (<c>ap-{name}-…</c>).</param>
    public static async Task<BenchDatabase> OpenAsync(string? connection, string name, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(connection))
            return new BenchDatabase(connection, null, null);
        var folder = Path.Combine(Path.GetTempPath(), $"ap-{name}-" + Guid.NewGuid().ToString("N"));
        try
        {
            var launcher = await PostgresLauncher.StartAsync(new PostgresLauncherOptions { DataDirectory = folder, Durable = false }, cancellationToken: cancellationToken);
            return new BenchDatabase(launcher.ConnectionString, launcher, folder);
        }
        catch
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_launcher is not null)
            await _launcher.DisposeAsync();
        if (_folder is not null && Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
