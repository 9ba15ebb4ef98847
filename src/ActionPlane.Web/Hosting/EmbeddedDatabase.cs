using ActionPlane.Engine.Storage;

namespace ActionPlane.Web.Hosting;

/// <summary>
/// The embedded default: with no <c>ConnectionStrings:ActionPlane</c>, starts a private PostgreSQL
/// cluster in the data directory and points the configuration at it; disposing stops it again.
/// </summary>
public sealed class EmbeddedDatabase : IAsyncDisposable
{
    private readonly PostgresLauncher? _launcher;

    private EmbeddedDatabase(PostgresLauncher? launcher) => _launcher = launcher;

    /// <summary>True when this process started (and will stop) a private cluster.</summary>
    public bool IsEmbedded => _launcher is not null;

    /// <summary>
    /// Returns null when PostgreSQL cannot be started; the reason (what to install or configure) has
    /// then been printed as one line, so the caller only has to exit non-zero.
    /// </summary>
    public static async Task<EmbeddedDatabase?> TryStartAsync(WebApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(HostingSettings.ConnectionStringName)))
        {
            Console.WriteLine("actionplane: using the database from ConnectionStrings:ActionPlane (no private cluster).");
            return new EmbeddedDatabase(null);
        }

        var options = new PostgresLauncherOptions { DataDirectory = HostingSettings.DataDirectory(builder.Configuration) };
        try
        {
            var launcher = await PostgresLauncher.StartAsync(options, message => Console.WriteLine($"actionplane: {message}"), cancellationToken);
            // In-memory, never logged: the connection string carries the cluster's password.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{HostingSettings.ConnectionStringName}"] = launcher.ConnectionString,
            });
            Console.WriteLine($"actionplane: PostgreSQL is ready (data in {options.DataDirectory}).");
            return new EmbeddedDatabase(launcher);
        }
        catch (PostgresUnavailableException e)
        {
            await Console.Error.WriteLineAsync($"actionplane: {e.Message}");
            return null;
        }
    }

    /// <summary>Stops the private cluster if this process started it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_launcher is null)
            return;
        Console.WriteLine("actionplane: stopping the private PostgreSQL cluster.");
        await _launcher.DisposeAsync();
    }
}
