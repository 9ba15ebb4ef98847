using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using ActionPlane.Engine.Storage;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Hosting.Preparation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActionPlane.Web.Tests.Infrastructure;

/// <summary>
/// The real app on a free loopback port (Kestrel, not TestServer, so a browser can reach it) against
/// a private throwaway PostgreSQL cluster (<see cref="SharedCluster"/>, one database per app). One per test run,
/// shared through <see cref="AppCollection"/>; <see cref="HistoryAppFixture"/> is the same app with a demo history.
/// </summary>
public class ActionPlaneAppFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ap-web-tests-" + Guid.NewGuid().ToString("N"));
    private string? _connectionString;
    private Factory? _factory;
    private BrowserSession? _browser;

    /// <summary>http://127.0.0.1:port/ of the running app.</summary>
    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>The app's own services (e.g. to arrange state through an Engine service).</summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The app is not started.");

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("PostgreSQL is not started.");

    /// <summary>The app's database on the shared cluster (null: the cluster's default database).</summary>
    protected virtual string? Database => null;

    /// <summary>Host settings on top of the test defaults below.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    /// <summary>Every line the app logs at Debug and above.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>A log provider that can hold the app's demo preparation at one of its progress lines (none by default).</summary>
    protected virtual LogHold? Hold => null;

    /// <summary>Whether <see cref="InitializeAsync"/> returns only once the demo is prepared (the tests here expect its tenant).</summary>
    protected virtual bool WaitsForTheDemo => true;

    /// <summary>The app's data directory (generated demo keys live here).</summary>
    public string DataDirectory => Path.Combine(_folder, "data");

    public async Task InitializeAsync()
    {
        _connectionString = await SharedCluster.AcquireAsync(Database);
        var port = FreePort();
        _factory = new Factory(_connectionString, DataDirectory, Logs, Hold, Settings);
        _factory.UseKestrel(port);
        _factory.StartServer();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        if (WaitsForTheDemo)
            await WaitUntilDemoReadyAsync();
    }

    /// <summary>The app listens before its demo is prepared: waits for it, and fails with the preparation's error if it failed.</summary>
    public async Task WaitUntilDemoReadyAsync()
    {
        var preparation = Services.GetRequiredService<DemoPreparation>();
        // Generous: the history fixture's replay takes minutes under load.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        while (!preparation.IsReady)
        {
            if (preparation.HasFailed)
                throw new InvalidOperationException($"The demo preparation failed: {preparation.Status().Error}");
            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>A client without cookies or token.</summary>
    public HttpClient CreateClient() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    /// <summary>A client carrying a bearer token of the given demo user.</summary>
    public async Task<HttpClient> CreateClientAsync(string email, string password = DemoUsers.Password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    /// <summary>Chromium via Playwright, launched on first use so API-only runs never start a browser.</summary>
    public async Task<BrowserSession> BrowserAsync() => _browser ??= await BrowserSession.LaunchAsync(BaseAddress);

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        if (_factory is not null)
            await _factory.DisposeAsync();
        if (_connectionString is not null)
            await SharedCluster.ReleaseAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a stopping process; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Factory(string connectionString, string dataDirectory, LogCapture logs, LogHold? hold, IReadOnlyDictionary<string, string> settings)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Host settings reach Program before Build, so the app sees a database and starts no cluster.
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:ActionPlane", connectionString);
            builder.UseSetting("ActionPlane:DataDirectory", dataDirectory);
            builder.UseSetting("ActionPlane:Demo:Enabled", "true");
            // The tests here see the tenant as generated today; the history has its own fixture.
            builder.UseSetting("ActionPlane:Demo:HistoryWeeks", "0");
            // The scheduled retraining is covered by its own tests; here it would only compete for the CPU.
            builder.UseSetting("ActionPlane:Retraining:Enabled", "false");
            // Likewise the autopilot: tests run it through POST /api/autopilot/run when they mean to.
            builder.UseSetting("ActionPlane:Autopilot:Enabled", "false");
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
            builder.ConfigureLogging(logging =>
            {
                logging.AddProvider(logs).AddFilter<LogCapture>(null, LogLevel.Debug);
                if (hold is not null)
                    logging.AddProvider(hold).AddFilter<LogHold>(null, LogLevel.Debug);
            });
        }
    }
}

/// <summary>All tests against the running app share one app and one database.</summary>
[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<ActionPlaneAppFixture>
{
    public const string Name = "app";
}
