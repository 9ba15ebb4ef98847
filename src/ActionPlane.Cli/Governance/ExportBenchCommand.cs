using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ActionPlane.Cli.Bench;
using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Storage;
using Marten;

namespace ActionPlane.Cli.Governance;

/// <summary>
/// <c>actionplane audit export-bench --records N</c>: seeds N decision records into a private
/// PostgreSQL cluster (or <c>--connection</c>), then streams the whole log and an account-filtered
/// slice through the same <see cref="DecisionExport"/> writer the Web's export endpoints use, and
/// reports time to first byte, total time, bytes and peak managed memory.
/// </summary>
internal static class ExportBenchCommand
{
    public static Command Create()
    {
        var records = new Option<int>("--records", "-n") { Description = "Decision records to seed", DefaultValueFactory = _ => 100_000 };
        var accounts = new Option<int>("--accounts") { Description = "Distinct accounts the records spread over", DefaultValueFactory = _ => 1_000 };
        var format = new Option<string>("--format", "-f") { Description = "Export format: ndjson or csv", DefaultValueFactory = _ => DecisionExport.Ndjson };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string; a private throwaway cluster when omitted" };
        var command = new Command("export-bench", "Seed N decision records and measure the streamed audit export (first byte, total, peak memory)");
        command.Options.Add(records);
        command.Options.Add(accounts);
        command.Options.Add(format);
        command.Options.Add(connection);
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(records), parse.GetValue(accounts), parse.GetValue(format)!,
            parse.GetValue(connection), Console.Out, Console.Error, cancellationToken));

        var audit = new Command("audit", "Governance tooling for the decision log");
        audit.Subcommands.Add(command);
        return audit;
    }

    internal static async Task<int> RunAsync(int records, int accounts, string format, string? connection, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (records < 1 || accounts < 1)
        {
            error.WriteLine("--records and --accounts: must be at least 1.");
            return 2;
        }
        if (!DecisionExport.Formats.Contains(format))
        {
            error.WriteLine($"--format: '{format}' is not an export format; use ndjson or csv.");
            return 2;
        }

        try
        {
            if (connection is null)
                output.WriteLine("Starting a private PostgreSQL cluster…");
            await using var database = await BenchDatabase.OpenAsync(connection, "export-bench", cancellationToken);
            connection = database.ConnectionString;
            using var store = ActionPlaneStore.CreateStore(new ActionPlaneEngineOptions { ConnectionString = connection, SchemaName = "export_bench", RollbackTokenKey = new string('k', 32) });
            await store.Advanced.Clean.CompletelyRemoveAllAsync(cancellationToken);
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

            var seeding = Stopwatch.StartNew();
            await ExportBenchData.SeedAsync(store, records, accounts, cancellationToken);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Seeded {records:N0} decision records over {accounts:N0} accounts in {seeding.Elapsed.TotalSeconds:F1} s."));

            var log = new DecisionLog(store);
            var all = await MeasureAsync(log, new DecisionQuery(), format, cancellationToken);
            var one = await MeasureAsync(log, new DecisionQuery(AccountId: ExportBenchData.AccountId(accounts / 2)), format, cancellationToken);
            output.WriteLine(all.ToText("whole log"));
            output.WriteLine(one.ToText("one account"));
            return 0;
        }
        catch (PostgresUnavailableException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }
    }

    private static async Task<ExportMeasurement> MeasureAsync(DecisionLog log, DecisionQuery query, string format, CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: false);
        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        // Managed heap sampled every 5 ms while the export runs: what grows with the export would show here.
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var now = GC.GetTotalMemory(false);
                if (now > Interlocked.Read(ref peak))
                    Interlocked.Exchange(ref peak, now);
                try { await Task.Delay(5, sampling.Token); } catch (OperationCanceledException) { }
            }
        }, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var body = new FirstByteStream();
        await DecisionExport.WriteAsync(format, log.StreamAsync(query, cancellationToken), body, cancellationToken);
        var total = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        return new ExportMeasurement(body.Lines, body.Length, body.FirstByte, total, Math.Max(0, peak - baseline));
    }

    private sealed record ExportMeasurement(long Lines, long Bytes, TimeSpan? FirstByte, TimeSpan Total, long PeakManagedGrowth)
    {
        public string ToText(string what) => string.Create(CultureInfo.InvariantCulture,
            $"{what}: {Lines:N0} lines, {Bytes / 1_048_576.0:F1} MiB; first byte {FirstByte?.TotalMilliseconds ?? double.NaN:F0} ms, total {Total.TotalSeconds:F2} s; peak managed heap growth {PeakManagedGrowth / 1_048_576.0:F1} MiB");
    }

    /// <summary>A write-only sink that notes when the first bytes arrive (what an HTTP client sees as the first byte), counting bytes and lines.</summary>
    private sealed class FirstByteStream : Stream
    {
        private readonly long _created = Stopwatch.GetTimestamp();
        private long _length;

        public long Lines { get; private set; }
        /// <summary>Time from creating the sink (just before the export starts) to its first write; null if nothing was written.</summary>
        public TimeSpan? FirstByte { get; private set; }
        public override long Length => _length;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.Length == 0)
                return;
            FirstByte ??= Stopwatch.GetElapsedTime(_created);
            _length += buffer.Length;
            Lines += buffer.Count((byte)'\n');
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
