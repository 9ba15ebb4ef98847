using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Engine;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Storage;
using ActionPlane.Web.Hosting.Preparation;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Bench.Propose;

/// <summary>
/// Starts a private PostgreSQL cluster, seeds a demo tenant of the requested size (churn, uplift and
/// ranking models as the demo trains them), starts the real Web host in-process (TestServer, so no
/// sockets), signs in as the demo CSM and times <c>POST /api/accounts/{id}/proposals</c> one request
/// at a time: HTTP pipeline, auth, features → models → candidates → policy → rank → explanation,
/// Marten writes and JSON.
/// </summary>
public static class ProposeBench
{
    public static async Task<ProposeBenchResult> RunAsync(ProposeBenchOptions options, Action<string> log)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ap-propose-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var postgres = await PostgresLauncher.StartAsync(new PostgresLauncherOptions { DataDirectory = Path.Combine(folder, "postgres"), Durable = options.Durable });
            var seedClock = Stopwatch.StartNew();
            var connectionString = postgres.ConnectionString;
            var accountIds = await SeedAsync(connectionString, options, log);
            log($"bench: seeded {accountIds.Count} accounts in {seedClock.Elapsed.TotalSeconds:F0} s");

            // The factory resolves its content root before ConfigureWebHost runs; point it at the Web project.
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ACTIONPLANE_WEB", Host.WebProjectDirectory());
            await using var factory = new Host(connectionString, Path.Combine(folder, "data"));
            using var client = factory.CreateClient();
            // The host prepares the (already seeded) demo in the background and answers 503 until it is ready.
            var preparation = factory.Services.GetRequiredService<DemoPreparation>();
            while (!preparation.IsReady)
            {
                if (preparation.HasFailed)
                    throw new InvalidOperationException($"The demo preparation failed: {preparation.Status().Error}");
                await Task.Delay(100);
            }
            await SignInAsync(client);

            var order = accountIds.OrderBy(_ => 0).ToArray();
            new Random(options.Seed).Shuffle(order);
            var warmup = order.Take(options.Warmup).ToArray();
            var timed = options.Repeat
                ? Enumerable.Range(0, options.Requests).Select(i => order[i % Math.Max(1, Math.Min(order.Length, Math.Max(options.Warmup, 1)))]).ToArray()
                : order.Skip(options.Warmup).Take(options.Requests).ToArray();

            log($"bench: warming up with {warmup.Length} requests…");
            foreach (var id in warmup)
                await ProposeAsync(client, id);

            log($"bench: timing {timed.Length} requests ({(options.Repeat ? "repeat proposals" : "first proposal per account")})…");
            var stored = await StoredBytes.MeasureAsync(postgres.ConnectionString, "actionplane");
            using var sql = new SqlCommandCounter();
            using var spans = options.Spans ? new SpanTimes() : null;
            var samples = new double[timed.Length];
            var pauses = new double[timed.Length];
            var proposals = 0L;
            var gc0 = GC.CollectionCount(0);
            var gc2 = GC.CollectionCount(2);
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = CpuTimes.Measure(Path.Combine(folder, "postgres", "cluster"));
            var wall = Stopwatch.StartNew();
            for (var i = 0; i < timed.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var paused = GC.GetTotalPauseDuration();
                proposals += await ProposeAsync(client, timed[i]);
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                pauses[i] = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds;
            }
            wall.Stop();
            var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            var commands = sql.Count;
            var cpuAfter = CpuTimes.Measure(Path.Combine(folder, "postgres", "cluster"));
            var spent = spans?.PerRequest(timed.Length);
            var withoutSave = spans?.WithoutSave(samples);
            spans?.Dispose();
            sql.Dispose();
            var written = StoredBytes.PerRequest(stored, await StoredBytes.MeasureAsync(postgres.ConnectionString, "actionplane"), timed.Length);

            return ProposeBenchResult.From(options, samples, wall.Elapsed, bytes, commands, proposals,
                GC.CollectionCount(0) - gc0, GC.CollectionCount(2) - gc2) with
            {
                Durable = options.Durable, Spans = spent, Written = written, WithoutSave = withoutSave is null ? null : Percentiles.Of(withoutSave),
                GcPauseMsPerRequest = ProposeBenchResult.Round(pauses.Average()),
                WithoutGcPause = Percentiles.Of(samples.Select((ms, i) => ms - pauses[i])),
                ClientCpuMsPerRequest = Math.Round((cpuAfter.ClientMs - cpu.ClientMs) / timed.Length, 3),
                ServerCpuMsPerRequest = Math.Round((cpuAfter.ServerMs - cpu.ServerMs) / timed.Length, 3),
            };
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The cluster may still hold a file for a moment; the temp folder is the OS's to clean.
            }
        }
    }

    private static async Task<IReadOnlyList<string>> SeedAsync(string connectionString, ProposeBenchOptions options, Action<string> log)
    {
        var engine = new ActionPlaneEngineOptions
        {
            ConnectionString = connectionString,
            RollbackTokenKey = "bench-only-key-0123456789abcdefghijklmnopqrstuvwxyz",
        };
        await using var services = new ServiceCollection().AddLogging().AddActionPlaneEngine(engine).BuildServiceProvider();
        var store = services.GetRequiredService<IDocumentStore>();
        await new DemoTenantSeeder(TimeProvider.System).SeedAsync(store, new DemoSeedOptions { Accounts = options.Accounts, Seed = options.Seed },
            message => log($"seed: {message}"));
        // The index the drift analysis creates on first use: a tenant whose models page or scheduled retrainer has run has it.
        if (!options.WithoutDriftIndex)
            await store.Storage.Database.EnsureStorageExistsAsync(typeof(EventFieldIndexes));
        await using var session = store.QuerySession();
        return await session.Query<Account>().OrderBy(a => a.Id).Select(a => a.Id).ToListAsync();
    }

    private static async Task SignInAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = "csm@demo.local", password = "demo" });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
    }

    /// <summary>One request, the whole body read (so response serialization is timed); returns how many proposals came back.</summary>
    private static async Task<int> ProposeAsync(HttpClient client, string accountId)
    {
        using var response = await client.PostAsync($"/api/accounts/{accountId}/proposals", null);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /api/accounts/{accountId}/proposals answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("proposals").GetArrayLength();
    }

    private sealed class Host(string connectionString, string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseContentRoot(WebProjectDirectory());
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:ActionPlane", connectionString);
            builder.UseSetting("ActionPlane:DataDirectory", dataDirectory);
            builder.UseSetting("ActionPlane:Demo:Enabled", "true");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }

        // The factory guesses <solution>/ActionPlane.Web; the project lives under src/.
        internal static string WebProjectDirectory()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "src", "ActionPlane.Web");
                if (Directory.Exists(candidate))
                    return candidate;
            }
            return AppContext.BaseDirectory;
        }
    }
}
