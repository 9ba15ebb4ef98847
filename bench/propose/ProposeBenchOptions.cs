using System.Globalization;

namespace ActionPlane.Bench.Propose;

/// <summary>What to measure: tenant size, how many timed requests, and whether accounts are proposed for the first time or again.</summary>
public sealed record ProposeBenchOptions
{
    public int Accounts { get; init; } = 2000;
    public int Requests { get; init; } = 1000;
    public int Warmup { get; init; } = 200;
    /// <summary>Propose again on accounts that already have open proposals (the de-duplicating path) instead of fresh ones.</summary>
    public bool Repeat { get; init; }
    public int Seed { get; init; } = 42;
    /// <summary>Also sum the time of each ActionPlane span and SQL command per request (<see cref="SpanTimes"/>).</summary>
    public bool Spans { get; init; }
    public string? OutFile { get; init; }
    /// <summary>Leave out the drift analysis's index on ActionProposed.ModelVersion (a tenant has it once any drift analysis ran), to measure what it costs a propose.</summary>
    public bool WithoutDriftIndex { get; init; }
    /// <summary>
    /// Run the private cluster as the product's own is run (fsync, synchronous commit, full-page writes on), so each
    /// propose waits for its WAL flush; off by default, as in every figure before session 14.
    /// </summary>
    public bool Durable { get; init; }

    public static ProposeBenchOptions Parse(string[] args)
    {
        var o = new ProposeBenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]}: needs a value.");
            int Int(string name) => int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
                ? v : throw new ArgumentException($"{name}: a non-negative integer is required.");
            o = args[i] switch
            {
                "--accounts" => o with { Accounts = Int("--accounts") },
                "--requests" => o with { Requests = Int("--requests") },
                "--warmup" => o with { Warmup = Int("--warmup") },
                "--seed" => o with { Seed = Int("--seed") },
                "--repeat" => o with { Repeat = true },
                "--spans" => o with { Spans = true },
                "--out" => o with { OutFile = Next() },
                "--without-drift-index" => o with { WithoutDriftIndex = true },
                "--durable" => o with { Durable = true },
                _ => throw new ArgumentException($"{args[i]}: unknown option; use --accounts, --requests, --warmup, --seed, --repeat, --spans, --out, --without-drift-index, --durable."),
            };
        }
        if (o.Accounts < 10)
            throw new ArgumentException("--accounts: at least 10.");
        if (o.Requests < 1)
            throw new ArgumentException("--requests: at least 1.");
        if (!o.Repeat && o.Requests + o.Warmup > o.Accounts)
            throw new ArgumentException($"--requests + --warmup ({o.Requests + o.Warmup}) must not exceed --accounts ({o.Accounts}) unless --repeat: each timed request proposes for an account the first time.");
        return o;
    }
}
