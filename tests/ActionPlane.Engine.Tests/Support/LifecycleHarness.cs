using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Nudges;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Simulation;
using ActionPlane.Engine.Storage;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace ActionPlane.Engine.Tests.Support;

/// <summary>
/// The engine as the Web wires it (AddActionPlaneEngine, real bundle, real PostgreSQL) on a schema
/// of its own, a fake clock, and a small seeded account with two users and a churn score.
/// </summary>
public sealed class LifecycleHarness : IAsyncDisposable
{
    public const string AccountId = "acc-0042";
    public const string AdminId = "usr-0042-01";
    public const string MemberId = "usr-0042-02";
    public static readonly Actor Csm = new("csm@demo.local", ["csm"]);
    public static readonly Actor Approver = new("approver@demo.local", ["approver"]);
    public static readonly Actor CsmApprover = new("lead@demo.local", ["csm", "approver"]);

    private readonly ServiceProvider _services;
    private readonly string _connectionString;

    private LifecycleHarness(ServiceProvider services, ActionPlaneEngineOptions options, FakeTimeProvider clock)
    {
        _services = services;
        _connectionString = options.ConnectionString;
        Options = options;
        Clock = clock;
    }

    public ActionPlaneEngineOptions Options { get; }
    public FakeTimeProvider Clock { get; }
    public IDocumentStore Store => _services.GetRequiredService<IDocumentStore>();
    public NextBestActionEngine Engine => _services.GetRequiredService<NextBestActionEngine>();
    public ActionSimulator Simulator => _services.GetRequiredService<ActionSimulator>();
    public ActionApprover Approvals => _services.GetRequiredService<ActionApprover>();
    public ActionApplier Applier => _services.GetRequiredService<ActionApplier>();
    public NudgeService Nudges => _services.GetRequiredService<NudgeService>();
    public DecisionLog Decisions => _services.GetRequiredService<DecisionLog>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Monday 2026-11-23 10:00 UTC: inside business hours, far from the seeded renewal.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    /// <param name="configure">Adjusts the options before the engine is registered (e.g. a bundle copy).</param>
    public static async Task<LifecycleHarness> StartAsync(PostgresFixture postgres, string schema, RiskTier tier = RiskTier.High,
        Action<ActionPlaneEngineOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(Start);
        var options = new ActionPlaneEngineOptions
        {
            ConnectionString = postgres.ConnectionString,
            SchemaName = schema,
            RollbackTokenKey = "test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            TimeProvider = clock,
        };
        // Deterministic decisions by default: no exploration draw, no holdout (tests of those set them).
        options.Decisioning.Arbitration = options.Decisioning.Arbitration with { Epsilon = 0, HoldoutShare = 0 };
        configure?.Invoke(options);
        var services = new ServiceCollection().AddLogging().AddActionPlaneEngine(options).BuildServiceProvider();
        var harness = new LifecycleHarness(services, options, clock);
        await harness.Store.Advanced.Clean.CompletelyRemoveAllAsync();
        await harness.SeedAsync(tier);
        return harness;
    }

    private async Task SeedAsync(RiskTier tier)
    {
        await using var session = Store.LightweightSession();
        session.Store(new Account
        {
            Id = AccountId, Name = "Northwind Analytics", Plan = "pro", Segment = "smb", Region = "eu", TimeZone = "Europe/Berlin",
            Seats = 25, Mrr = 1200m, RenewalDate = new DateOnly(2027, 6, 15), CsmOwner = "csm@demo.local", CreatedOn = new DateOnly(2024, 3, 1),
        });
        session.Store(new EndUser { Id = AdminId, AccountId = AccountId, Email = "ada@northwind.example", Name = "Ada", Role = "admin" });
        session.Store(new EndUser { Id = MemberId, AccountId = AccountId, Email = "bob@northwind.example", Name = "Bob", Role = "member" });
        var features = new FeatureSnapshot(AccountId, DateOnly.FromDateTime(Start.UtcDateTime),
            new Dictionary<string, double?> { ["modules_adopted_30d"] = 1, ["tickets_30d"] = 7, ["seat_utilisation"] = 0.3 });
        session.Store(new AccountScore
        {
            Id = AccountId,
            ChurnProbability = tier == RiskTier.High ? 0.62 : 0.08,
            Tier = tier,
            Drivers = [new FeatureContribution("tickets_30d", 7, 0.21), new FeatureContribution("modules_adopted_30d", 1, 0.12), new FeatureContribution("seat_utilisation", 0.3, -0.02)],
            ModelVersion = "churn-test-1",
            ScoredAt = Start,
            Features = features,
        });
        await session.SaveChangesAsync();
    }

    /// <summary>Copies of the harness account (same plan, users and churn score) under other ids ("acc-…").</summary>
    public async Task SeedCopiesAsync(params IReadOnlyList<string> ids)
    {
        var template = (await LoadAsync<Account>(AccountId))!;
        var score = (await LoadAsync<AccountScore>(AccountId))!;
        await using var session = Store.LightweightSession();
        await using (var query = Store.QuerySession())
        {
            var users = await query.Query<EndUser>().Where(u => u.AccountId == AccountId).ToListAsync();
            foreach (var id in ids)
            {
                session.Store(template with { Id = id });
                session.Store(score with { Id = id, Features = score.Features with { AccountId = id } });
                foreach (var u in users)
                    session.Store(u with { Id = u.Id.Replace("0042", id[4..], StringComparison.Ordinal), AccountId = id });
            }
        }
        await session.SaveChangesAsync();
    }

    public async Task<T?> LoadAsync<T>(string id) where T : notnull
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<T>(id);
    }

    public async Task<ActionLifecycle?> LoadProposalAsync(Guid id)
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<ActionLifecycle>(id);
    }

    public async Task<IReadOnlyList<object>> EventsAsync(Guid proposalId)
    {
        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(proposalId);
        return events.Select(e => e.Data).ToArray();
    }

    public async Task<ProposalView> ProposeAsync(string actionType, Actor? actor = null) =>
        (await Engine.ProposeAsync(AccountId, actor ?? Csm)).Proposals.Single(p => p.ActionType == actionType);

    public async ValueTask DisposeAsync()
    {
        var schema = Options.SchemaName;
        await _services.DisposeAsync();
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists {schema} cascade", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
