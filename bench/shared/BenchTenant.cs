using ActionPlane.Engine;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Storage;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Bench;

/// <summary>
/// What the engine-level benches (drift, autopilot) start from: a private, non-durable PostgreSQL cluster in a temp
/// folder, the engine on it with the repository's policy bundle and a settable clock, and the demo tenant seeded by
/// the web app's own seeder. Disposing stops the cluster and deletes the folder.
/// </summary>
public sealed class BenchTenant : IAsyncDisposable
{
    private readonly string _folder;

    private BenchTenant(string folder, PostgresLauncher postgres, ServiceProvider services, ActionPlaneEngineOptions options, BenchClock clock)
    {
        _folder = folder;
        Postgres = postgres;
        Services = services;
        Options = options;
        Clock = clock;
    }

    public PostgresLauncher Postgres { get; }

    public ServiceProvider Services { get; }

    public ActionPlaneEngineOptions Options { get; }

    public BenchClock Clock { get; }

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    /// <param name="name">Names the temp folder (<c>ap-{name}-bench-…</c>).</param>
    /// <param name="start">The clock's start: fixed, so business hours and windows are reproducible.</param>
    public static async Task<BenchTenant> SeedDemoAsync(string name, DateTimeOffset start, int accounts)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"ap-{name}-bench-" + Guid.NewGuid().ToString("N"));
        var postgres = await PostgresLauncher.StartAsync(new PostgresLauncherOptions { DataDirectory = Path.Combine(folder, "postgres"), Durable = false });
        var clock = new BenchClock(start);
        var options = new ActionPlaneEngineOptions
        {
            ConnectionString = postgres.ConnectionString,
            RollbackTokenKey = "bench-only-key-0123456789abcdefghijklmnopqrstuvwxyz",
            PoliciesDirectory = Path.Combine(RepositoryRoot(), "policies"),
            TimeProvider = clock,
        };
        var tenant = new BenchTenant(folder, postgres, new ServiceCollection().AddLogging().AddActionPlaneEngine(options).BuildServiceProvider(), options, clock);
        try
        {
            await new DemoTenantSeeder(clock).SeedAsync(tenant.Store, new DemoSeedOptions { Accounts = accounts, AsOf = DateOnly.FromDateTime(start.UtcDateTime) },
                m => Console.Error.WriteLine($"seed: {m}"));
            return tenant;
        }
        catch
        {
            await tenant.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Postgres.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The cluster may still hold a file for a moment; the temp folder is the OS's to clean.
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "policies")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
                return dir.FullName;
        throw new DirectoryNotFoundException("No repository root with policies/ above " + AppContext.BaseDirectory);
    }
}

/// <summary>A bench's clock: it stands still unless the bench moves it (weeks of proposals pass in seconds).</summary>
public sealed class BenchClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
