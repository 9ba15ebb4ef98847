using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Training;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ActionPlane.Engine.Tests.Data.DemoHistory;

/// <summary>
/// Demo tenants with a replayed history, seeded once for the tests of the history. <see cref="Fresh"/> (80 accounts,
/// 16 weeks, replayed in one go) is the history the outcome, apply and churn tests read. Whether an interrupted replay
/// starts over and lives the same past does not depend on the history's size, so it is checked on a smaller one
/// (<see cref="ResumeOptions"/>: 40 accounts, 6 weeks): the first start of <see cref="Resumed"/> is cancelled mid-replay
/// and the second finishes it, and <see cref="ResumedFresh"/> replays the same small history in one go on its own schema.
/// </summary>
public sealed class DemoHistoryFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Today = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static DemoSeedOptions Options { get; } = new() { Accounts = 80, TrainingAccounts = 600, Seed = 5, HistoryWeeks = 16, CsmAppliesPerWeek = 14 };

    /// <summary>The history that is interrupted (at week 3) and resumed: smaller, but with churn and applies in it.</summary>
    public static DemoSeedOptions ResumeOptions { get; } = Options with { Accounts = 40, HistoryWeeks = 6 };

    private PostgresFixture Postgres { get; } = new();

    public Tenant Resumed { get; private set; } = default!;
    public Tenant ResumedFresh { get; private set; } = default!;
    public Tenant Fresh { get; private set; } = default!;
    public List<string> InterruptedLog { get; } = [];
    public List<string> ResumedLog { get; } = [];
    public List<string> ResumedFreshLog { get; } = [];
    public List<string> FreshLog { get; } = [];
    public Snapshot ResumedSnapshot { get; private set; } = default!;
    public Snapshot ResumedFreshSnapshot { get; private set; } = default!;
    public Snapshot FreshSnapshot { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        // The two histories are independent tenants (own schema, services and clock): the replays overlap, so one
        // waits on PostgreSQL while the other computes. Each stays deterministic (the resumed/fresh equality checks it).
        await Task.WhenAll(Task.Run(ReplayFreshAsync), Task.Run(ReplayInterruptedAndResumedAsync));
        // Taken before any test acts on the tenants.
        ResumedSnapshot = await Snapshot.TakeAsync(Resumed.Store);
        ResumedFreshSnapshot = await Snapshot.TakeAsync(ResumedFresh.Store);
        FreshSnapshot = await Snapshot.TakeAsync(Fresh.Store);
    }

    private async Task ReplayFreshAsync()
    {
        Fresh = await Tenant.CreateAsync(Postgres, "history_fresh");
        await new DemoTenantSeeder(new FakeTimeProvider(Today)).SeedAsync(Fresh.Store, Options, Fresh.Options, FreshLog.Add);
    }

    private async Task ReplayInterruptedAndResumedAsync()
    {
        Resumed = await Tenant.CreateAsync(Postgres, "history_resumed");
        using (var cancel = new CancellationTokenSource())
        {
            var seeding = new DemoTenantSeeder(new FakeTimeProvider(Today)).SeedAsync(Resumed.Store, ResumeOptions, Resumed.Options, line =>
            {
                InterruptedLog.Add(line);
                if (line.StartsWith("history: week 3/", StringComparison.Ordinal))
                    cancel.Cancel();
            }, cancel.Token);
            try
            {
                await seeding;
            }
            catch (OperationCanceledException)
            {
            }
        }
        await new DemoTenantSeeder(new FakeTimeProvider(Today)).SeedAsync(Resumed.Store, ResumeOptions, Resumed.Options, ResumedLog.Add);
        ResumedFresh = await Tenant.CreateAsync(Postgres, "history_resumed_fresh");
        await new DemoTenantSeeder(new FakeTimeProvider(Today)).SeedAsync(ResumedFresh.Store, ResumeOptions, ResumedFresh.Options, ResumedFreshLog.Add);
    }

    /// <summary>What a replay left: every decision record's story, the training examples, and the stored churn days.</summary>
    public sealed record Snapshot(IReadOnlyList<RecordRow> Records, IReadOnlyList<TrainingExample> Examples, IReadOnlyDictionary<string, DateOnly> ChurnedOn)
    {
        public static async Task<Snapshot> TakeAsync(IDocumentStore store)
        {
            await using var session = store.QuerySession();
            var records = (await session.Query<DecisionRecord>().ToListAsync())
                .Select(r => new RecordRow(r.AccountId, r.ActionType, r.ProposedAt, r.ProposedBy, r.Status, r.AppliedBy, r.AppliedAt, r.UndoneAt, r.Outcome, r.OutcomeAt))
                .OrderBy(r => r.ToString(), StringComparer.Ordinal).ToList();
            var examples = (await session.Query<TrainingExample>().ToListAsync()).ToList();
            var churned = (await session.Query<Account>().Where(a => a.ChurnedOn != null).ToListAsync()).ToDictionary(a => a.Id, a => a.ChurnedOn!.Value);
            return new Snapshot(records, examples, churned);
        }
    }

    public sealed record RecordRow(string AccountId, string ActionType, DateTimeOffset ProposedAt, string ProposedBy, ActionStatus Status, string? AppliedBy,
        DateTimeOffset? AppliedAt, DateTimeOffset? UndoneAt, string? Outcome, DateTimeOffset? OutcomeAt);

    public async Task DisposeAsync()
    {
        await (Resumed?.Services.DisposeAsync() ?? ValueTask.CompletedTask);
        await (ResumedFresh?.Services.DisposeAsync() ?? ValueTask.CompletedTask);
        await (Fresh?.Services.DisposeAsync() ?? ValueTask.CompletedTask);
        await Postgres.DisposeAsync();
    }

    /// <summary>One tenant's engine (the product's services, on the real clock's stand-in at <see cref="Today"/>).</summary>
    public sealed record Tenant(ServiceProvider Services, ActionPlaneEngineOptions Options, FakeTimeProvider Clock)
    {
        public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

        public static async Task<Tenant> CreateAsync(PostgresFixture postgres, string schema)
        {
            var clock = new FakeTimeProvider(Today);
            var options = new ActionPlaneEngineOptions
            {
                ConnectionString = postgres.ConnectionString,
                SchemaName = schema,
                RollbackTokenKey = "test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
                TimeProvider = clock,
                WatchPolicies = false,
            };
            var services = new ServiceCollection().AddLogging().AddActionPlaneEngine(options).BuildServiceProvider();
            await services.GetRequiredService<IDocumentStore>().Advanced.Clean.CompletelyRemoveAllAsync();
            return new Tenant(services, options, clock);
        }
    }
}
