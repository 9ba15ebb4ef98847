using System.Diagnostics;
using System.Globalization;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Storage;
using Marten;
using Weasel.Core;

namespace ActionPlane.Engine.Data;

/// <summary>
/// Seeds the demo tenant idempotently: generates accounts and signals only when none exist, trains
/// a churn model, an uplift model per action type and the action ranker only when no champion
/// exists, scores accounts that lack a current score, and places the demo end user in a high-risk
/// account.
/// </summary>
public sealed partial class DemoTenantSeeder(TimeProvider time)
{
    /// <summary>Id of the demo end user's document.</summary>
    public const string DemoEndUserId = "demo-enduser";

    private const int BatchSize = 2000;

    // The tenant this seeder generated (for the history replay, which lives on from it).
    private (GeneratedTenant Tenant, List<Account> Accounts)? _generated;

    /// <summary>Told of each stage as it starts (and of each replayed week), for a progress display beside the text lines.</summary>
    public Action<DemoSeedStep>? Steps { get; init; }

    public Task SeedAsync(IDocumentStore store, DemoSeedOptions options, Action<string> progress, CancellationToken cancellationToken = default) =>
        SeedAsync(store, options, engine: null, progress, cancellationToken);

    /// <param name="engine">
    /// The product's engine options, required when <see cref="DemoSeedOptions.HistoryWeeks"/> is above 0: the history
    /// replay runs the product's services on a copy of them with its own clock.
    /// </param>
    public async Task SeedAsync(IDocumentStore store, DemoSeedOptions options, ActionPlaneEngineOptions? engine, Action<string> progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        progress ??= _ => { };
        Validate(options);
        if (options.HistoryWeeks > 0 && engine is null)
            throw new ArgumentNullException(nameof(engine), "A demo history replays through the product's engine: pass its options.");

        var info = await EnsureTenantAsync(store, options, progress, cancellationToken);
        Steps?.Invoke(new DemoSeedStep(DemoSeedStage.Training));
        // The models of a history are trained as of its first day, as they would have been then.
        var trainer = info.HistoryPending ? new DemoTenantSeeder(new DemoHistory.ReplayClock(DemoHistory.ReplayClock.At(info.AsOf, 0))) : this;
        var churn = await trainer.EnsureChurnModelAsync(store, options, info.AsOf, progress, cancellationToken);
        var models = await trainer.EnsureScoringModelsAsync(store, options, info.AsOf, churn, progress, cancellationToken);
        if (info.HistoryPending)
            info = await ReplayHistoryAsync(store, options, engine!, info, models, progress, cancellationToken);
        Steps?.Invoke(new DemoSeedStep(DemoSeedStage.Scoring));
        await EnsureScoresAsync(store, models, info.AsOf, progress, cancellationToken);
        await EnsureDemoEndUserAsync(store, options, progress, cancellationToken);
    }

    private static void Validate(DemoSeedOptions options)
    {
        if (options.Accounts is < 10 or > 100_000)
            throw new ArgumentOutOfRangeException(nameof(options), options.Accounts, "Accounts must be between 10 and 100,000.");
        if (options.TrainingAccounts is < 200 or > 200_000)
            throw new ArgumentOutOfRangeException(nameof(options), options.TrainingAccounts, "TrainingAccounts must be between 200 and 200,000.");
        if (string.IsNullOrWhiteSpace(options.CsmOwner) || !options.CsmOwner.Contains('@'))
            throw new ArgumentException($"CsmOwner '{options.CsmOwner}' is not an e-mail address.", nameof(options));
        if (string.IsNullOrWhiteSpace(options.DemoEndUserEmail) || !options.DemoEndUserEmail.Contains('@'))
            throw new ArgumentException($"DemoEndUserEmail '{options.DemoEndUserEmail}' is not an e-mail address.", nameof(options));
        if (options.HistoryWeeks is < 0 or > 104)
            throw new ArgumentOutOfRangeException(nameof(options), options.HistoryWeeks, "HistoryWeeks must be between 0 (no history) and 104.");
        if (options.CsmAppliesPerWeek is < 0 or > 100_000)
            throw new ArgumentOutOfRangeException(nameof(options), options.CsmAppliesPerWeek, "CsmAppliesPerWeek must be between 0 and 100,000.");
    }

    private async Task<DemoTenantInfo> EnsureTenantAsync(IDocumentStore store, DemoSeedOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        await using (var session = store.QuerySession())
        {
            var existing = await session.LoadAsync<DemoTenantInfo>(DemoTenantInfo.DocumentId, cancellationToken);
            if (existing is { HistoryPending: true })
            {
                // A start that stopped during the history replay left a half tenant: start it over (same seed, same past).
                progress("The demo history was interrupted before it reached today; generating the demo tenant again.");
                await store.Advanced.Clean.DeleteAllDocumentsAsync(cancellationToken);
                await store.Advanced.Clean.DeleteAllEventDataAsync(cancellationToken);
            }
            else if (await session.Query<Account>().AnyAsync(cancellationToken))
            {
                var count = await session.Query<Account>().CountAsync(cancellationToken);
                progress($"Demo tenant present: {count} accounts; not generating.");
                // Accounts that did not come from the generator are scored as of today.
                return existing ?? new DemoTenantInfo { Seed = options.Seed, Accounts = count, AsOf = Today(), GeneratedAt = time.GetUtcNow() };
            }
        }

        // With a history the tenant is generated as it was HistoryWeeks ago; the replay lives the weeks since.
        Steps?.Invoke(new DemoSeedStep(DemoSeedStage.Generating));
        var asOf = (options.AsOf ?? Today()).AddDays(-7 * options.HistoryWeeks);
        progress(options.HistoryWeeks > 0
            ? $"Generating demo tenant: {options.Accounts} accounts as of {asOf:yyyy-MM-dd}, {options.HistoryWeeks} weeks before today…"
            : $"Generating demo tenant: {options.Accounts} accounts…");
        var clock = Stopwatch.StartNew();
        var tenant = new TenantGenerator(options.Seed).Generate(options.Accounts, asOf);
        var accounts = tenant.Accounts.Select(a => a with { CsmOwner = options.CsmOwner }).ToList();
        _generated = (tenant, accounts);

        // Signals first, accounts last, all overwriting: the presence of accounts marks a complete
        // tenant, and an interrupted run is simply repeated with the same seed and ids.
        await store.BulkInsertAsync(tenant.EndUsers.ToList(), BulkInsertMode.OverwriteExisting, BatchSize, cancellationToken);
        await store.BulkInsertAsync(tenant.Usage.ToList(), BulkInsertMode.OverwriteExisting, BatchSize, cancellationToken);
        await store.BulkInsertAsync(tenant.Tickets.ToList(), BulkInsertMode.OverwriteExisting, BatchSize, cancellationToken);
        await store.BulkInsertAsync(tenant.Billing.ToList(), BulkInsertMode.OverwriteExisting, BatchSize, cancellationToken);
        await store.BulkInsertAsync(tenant.Nps.ToList(), BulkInsertMode.OverwriteExisting, BatchSize, cancellationToken);
        // Ground truth for the demo's outcome observer (never a feature): what happens at each action's horizon.
        await store.BulkInsertAsync(tenant.Truth.Values.Select(t => Outcomes.OutcomeTruth.From(t, options.Seed)).ToList(), BulkInsertMode.OverwriteExisting, BatchSize, cancellationToken);
        var info = new DemoTenantInfo { Seed = options.Seed, Accounts = options.Accounts, AsOf = asOf, GeneratedAt = time.GetUtcNow(), HistoryWeeks = options.HistoryWeeks };
        await using (var session = store.LightweightSession())
        {
            session.Store(info);
            await session.SaveChangesAsync(cancellationToken);
        }
        await store.BulkInsertAsync(accounts, BulkInsertMode.OverwriteExisting, BatchSize, cancellationToken);

        var signals = tenant.Usage.Count + tenant.Tickets.Count + tenant.Billing.Count + tenant.Nps.Count;
        progress(string.Create(CultureInfo.InvariantCulture,
            $"Stored {accounts.Count} accounts, {tenant.EndUsers.Count} end users and {signals} signals ({TenantGenerator.HistoryDays} days to {asOf:yyyy-MM-dd}) in {clock.Elapsed.TotalSeconds:F1} s."));
        return info;
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
