using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace ActionPlane.Engine.Storage;

/// <summary>
/// Starts a private PostgreSQL cluster from the machine's server binaries, so the product and its
/// integration tests run with no database configured. Under root the cluster runs as the
/// unprivileged <c>postgres</c> account, because initdb refuses to run as root.
/// </summary>
public sealed class PostgresLauncher : IAsyncDisposable
{
    private const string Database = "actionplane";
    private const string Superuser = "actionplane";

    private readonly PostgresLauncherOptions _options;
    private readonly Action<string> _log;
    private readonly string _binDirectory;
    private readonly string? _runAs;
    private bool _startedHere;

    private PostgresLauncher(PostgresLauncherOptions options, Action<string> log, string binDirectory, string? runAs)
    {
        _options = options;
        _log = log;
        _binDirectory = binDirectory;
        _runAs = runAs;
    }

    /// <summary>Connection string to the cluster's <c>actionplane</c> database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>
    /// Initialises the cluster if its folder is empty, starts it unless it already runs, and makes
    /// sure the database exists. Throws <see cref="PostgresUnavailableException"/> with what to
    /// install when the server binaries are missing.
    /// </summary>
    public static async Task<PostgresLauncher> StartAsync(PostgresLauncherOptions options, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        var binDirectory = FindBinDirectory() ?? throw new PostgresUnavailableException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them with " +
            "'apt-get install postgresql', or point ActionPlane at an existing database by setting " +
            "ConnectionStrings__ActionPlane.");
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        var launcher = new PostgresLauncher(options, log ?? (_ => { }), binDirectory, runAs);
        await launcher.StartAsync(cancellationToken);
        return launcher;
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var dataDirectory = Path.GetFullPath(_options.DataDirectory);
        var clusterDirectory = Path.Combine(dataDirectory, "cluster");
        var passwordFile = Path.Combine(dataDirectory, "password");
        Directory.CreateDirectory(dataDirectory);
        if (_runAs is not null)
            await RunAsync("chown", ["-R", $"{_runAs}:", dataDirectory], asCluster: false, cancellationToken);

        if (!File.Exists(Path.Combine(clusterDirectory, "PG_VERSION")))
            await InitialiseAsync(clusterDirectory, passwordFile, cancellationToken);

        var port = ReadPort(clusterDirectory);
        var password = (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim();
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = Superuser, Password = password, Database = Database,
        }.ConnectionString;

        if (!await CanConnectAsync("postgres", cancellationToken))
        {
            _log($"Starting PostgreSQL on 127.0.0.1:{port} (data in {clusterDirectory})");
            await RunAsync(Path.Combine(_binDirectory, "pg_ctl"),
                ["-D", clusterDirectory, "-l", Path.Combine(dataDirectory, "postgres.log"), "-w", "-t", "60", "start"],
                asCluster: true, cancellationToken);
            _startedHere = true;
        }
        await EnsureDatabaseAsync(cancellationToken);
    }

    private async Task InitialiseAsync(string clusterDirectory, string passwordFile, CancellationToken cancellationToken)
    {
        _log($"Initialising a private PostgreSQL cluster in {clusterDirectory}");
        if (Directory.Exists(clusterDirectory))
            Directory.Delete(clusterDirectory, recursive: true);
        // The password is random per cluster and stays in the data folder, readable only by its owner.
        await File.WriteAllTextAsync(passwordFile, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)), cancellationToken);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (_runAs is not null)
            await RunAsync("chown", [$"{_runAs}:", passwordFile], asCluster: false, cancellationToken);

        await RunAsync(Path.Combine(_binDirectory, "initdb"),
            ["-D", clusterDirectory, "-U", Superuser, "--pwfile", passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C"],
            asCluster: true, cancellationToken);

        var port = _options.Port ?? FreePort();
        var compression = await SupportsLz4Async(clusterDirectory, cancellationToken) ? "default_toast_compression = lz4" : "";
        // Per-statement counters (calls, rows, buffers, time) in shared memory, current at the end of each statement:
        // which queries cost most, for operators and for bench decision-run's probe (the per-table statistics reach
        // the views only when a backend idles, up to 10 s late). A server without the module starts without it.
        var statements = HasStatementsModule() ? "shared_preload_libraries = 'pg_stat_statements'" : "";
        var settings = $"""

            # ActionPlane private cluster
            listen_addresses = '127.0.0.1'
            port = {port}
            unix_socket_directories = ''
            max_connections = 200
            shared_buffers = 128MB
            fsync = {(_options.Durable ? "on" : "off")}
            synchronous_commit = {(_options.Durable ? "on" : "off")}
            full_page_writes = {(_options.Durable ? "on" : "off")}
            {compression}
            {statements}
            """;
        var conf = Path.Combine(clusterDirectory, "postgresql.conf");
        if (_runAs is not null)
            await RunAsync("sh", ["-c", $"cat >> '{conf}'"], asCluster: true, cancellationToken, stdin: settings);
        else
            await File.AppendAllTextAsync(conf, settings, cancellationToken);
    }

    /// <summary>
    /// Whether this server build can compress large values with lz4. Every proposal writes ≈ 100 KB of
    /// jsonb, most of it in values big enough to be compressed; PostgreSQL's default (pglz) was 12–16 % of
    /// the cluster's CPU per propose, and lz4 cut that CPU by about a tenth (docs/benchmarks.md).
    /// </summary>
    private async Task<bool> SupportsLz4Async(string clusterDirectory, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(Path.Combine(_binDirectory, "postgres"),
                ["-D", clusterDirectory, "-C", "default_toast_compression", "-c", "default_toast_compression=lz4"],
                asCluster: true, cancellationToken);
            return true;
        }
        catch (PostgresUnavailableException)
        {
            return false; // built without lz4 (or older than 14): keep the default
        }
    }

    /// <summary>Whether the server's library folder (beside its <c>bin</c>) holds pg_stat_statements: preloading a missing library stops the server from starting.</summary>
    private bool HasStatementsModule()
    {
        var lib = Path.GetFullPath(Path.Combine(_binDirectory, "..", "lib"));
        return new[] { lib, Path.Combine(lib, "postgresql") }
            .Any(d => new[] { ".so", ".dylib", ".dll" }.Any(e => File.Exists(Path.Combine(d, "pg_stat_statements" + e))));
    }

    private static int ReadPort(string clusterDirectory)
    {
        var port = 5432;
        foreach (var line in File.ReadLines(Path.Combine(clusterDirectory, "postgresql.conf")))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("port = ", StringComparison.Ordinal) && int.TryParse(trimmed[7..].Split('#')[0].Trim(), out var p))
                port = p;
        }
        return port;
    }

    private async Task<bool> CanConnectAsync(string database, CancellationToken cancellationToken)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database, Timeout = 3, Pooling = false };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            return false;
        }
    }

    private async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", Database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"create database {Database}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var database = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await database.OpenAsync(cancellationToken);
        // The view needs the extension in the database it is read from; only where the server preloads the module
        // (a cluster initialised before it was preloaded, or without it, does not).
        await using var statements = new NpgsqlCommand("""
            do $$ begin
              if current_setting('shared_preload_libraries') like '%pg_stat_statements%' then
                create extension if not exists pg_stat_statements;
              end if;
            end $$
            """, database);
        await statements.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stops the cluster if this launcher started it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_startedHere || !_options.StopOnDispose)
            return;
        NpgsqlConnection.ClearAllPools();
        var clusterDirectory = Path.Combine(Path.GetFullPath(_options.DataDirectory), "cluster");
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", clusterDirectory, "-m", "fast", "-w", "stop"], asCluster: true, CancellationToken.None);
        _startedHere = false;
    }

    private async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asCluster, CancellationToken cancellationToken, string? stdin = null)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        if (asCluster && _runAs is not null)
        {
            start.FileName = "runuser";
            foreach (var a in (string[])["-u", _runAs, "--", file])
                start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = file;
        }
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        // A cluster started from this process must not inherit the caller's locale quirks.
        start.Environment["LC_ALL"] = "C";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new PostgresUnavailableException(
                $"'{Path.GetFileName(file)} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}");
    }

    private static string? FindBinDirectory()
    {
        var candidates = new List<string>();
        var pgRoot = "/usr/lib/postgresql";
        if (Directory.Exists(pgRoot))
            candidates.AddRange(Directory.GetDirectories(pgRoot)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Where the private cluster lives and how it behaves.</summary>
public sealed record PostgresLauncherOptions
{
    /// <summary>Folder that holds the cluster, its log and its password file.</summary>
    public required string DataDirectory { get; init; }
    /// <summary>Port for a new cluster; a free one is chosen when null. An existing cluster keeps its port.</summary>
    public int? Port { get; init; }
    /// <summary>fsync and synchronous commit; off only for throwaway test clusters.</summary>
    public bool Durable { get; init; } = true;
    /// <summary>Stop the cluster when the launcher is disposed (if it started it).</summary>
    public bool StopOnDispose { get; init; } = true;

    /// <summary>
    /// The default folder: under the user's local data, or /var/lib/actionplane for root, because
    /// the unprivileged cluster account cannot enter /root.
    /// </summary>
    public static string DefaultDataDirectory() =>
        Environment.UserName == "root"
            ? "/var/lib/actionplane/postgres"
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "actionplane", "postgres");
}

/// <summary>PostgreSQL cannot be started here; the message says what to install or configure.</summary>
public sealed class PostgresUnavailableException(string message) : Exception(message);
