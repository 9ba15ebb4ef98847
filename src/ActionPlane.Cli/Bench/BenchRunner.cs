using System.Diagnostics;

namespace ActionPlane.Cli.Bench;

/// <summary>
/// Runs a <see cref="BenchTarget"/> like <c>opa bench</c>: a warm-up long enough for the JIT to
/// reach its optimised tier, then N timed evaluations (one timestamp pair each, for the
/// percentiles), then a separate pass that samples allocations so the timed pass is not disturbed.
/// </summary>
internal static class BenchRunner
{
    public static BenchResult Run(BenchTarget target, string query, int count, TimeSpan warmup)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "--count must be at least 1");
        }

        var defined = target.Evaluate();
        long warmupOps = 1;
        var warmupStart = Stopwatch.GetTimestamp();
        // Tiered JIT promotes hot methods in the background after ~100 ms without new tier-0
        // code, so warm up by time, not by a fixed number of calls.
        while (Stopwatch.GetElapsedTime(warmupStart) < warmup || warmupOps < Math.Min(count, 1000))
        {
            target.Evaluate();
            warmupOps++;
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var samples = new long[count];
        var gcBefore = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            target.Evaluate();
            samples[i] = Stopwatch.GetTimestamp() - t0;
        }

        var total = Stopwatch.GetTimestamp() - start;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        var gc = Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - gcBefore[g]).ToArray();
        var (allocs, method, topTypes) = EstimateAllocations(target, bytes / (double)count, count);

        Array.Sort(samples);
        return new BenchResult
        {
            Query = query,
            Mode = target.Mode,
            ResultDefined = defined,
            N = count,
            WarmupOps = warmupOps,
            TotalNs = ToNs(total),
            NsPerOp = ToNs(total) / count,
            MedianNs = ToNs(Percentile(samples, 0.50)),
            P90Ns = ToNs(Percentile(samples, 0.90)),
            P99Ns = ToNs(Percentile(samples, 0.99)),
            MinNs = ToNs(samples[0]),
            MaxNs = ToNs(samples[^1]),
            BytesPerOp = (long)Math.Round(bytes / (double)count),
            AllocsPerOp = allocs,
            AllocsMethod = method,
            GcCollections = gc,
            AllocTopTypes = topTypes.Select(t => new AllocatedType(t.Type, Math.Round(t.ShareOfBytes, 3))).ToArray(),
        };
    }

    private static (long Allocs, string Method, IReadOnlyList<(string Type, double ShareOfBytes)> TopTypes) EstimateAllocations(BenchTarget target, double bytesPerOp, int count)
    {
        if (bytesPerOp <= 0)
        {
            return (0, "exact: no bytes allocated", []);
        }

        // Enough operations for ~200 allocation ticks (one per ~100 KB), within reason.
        var ops = (int)Math.Clamp(200 * 100_000 / bytesPerOp, Math.Min(count, 1000), 2_000_000);
        using var sampler = new AllocationSampler();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < ops; i++)
        {
            target.Evaluate();
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        if (sampler.EstimateObjects(bytes) is { } objects)
        {
            return ((long)Math.Round(objects / ops), $"estimate from {sampler.Samples} GC allocation-tick samples over {ops} ops", sampler.TopTypes(8));
        }

        // Without samples, assume the average object is 40 bytes (a small class with a few fields on x64).
        return ((long)Math.Round(bytesPerOp / 40), "rough estimate: bytes_per_op / 40", []);
    }

    private static long Percentile(long[] sorted, double p) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static long ToNs(long ticks) => (long)(ticks * (1_000_000_000.0 / Stopwatch.Frequency));
}
