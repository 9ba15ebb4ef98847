using System.Globalization;
using ActionPlane.Engine.Autopilot;
using ActionPlane.Engine.ClosedLoop;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Outcomes;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Engine.Data.DemoHistory;

/// <summary>
/// Replays a simulated past for the demo tenant: the <see cref="SimulatedWorld"/> lives day by day from the day the
/// tenant was generated to today (usage, tickets, drift, churn on each account's own hazard), and every simulated
/// Monday the product itself acts as of that day, on its own services with a <see cref="ReplayClock"/>: the outcome
/// observer records what is due, the batch scorer scores on the signals stored so far, the weekly
/// <see cref="DecisionRunner"/> decides, the <see cref="UnattendedRunner"/> applies what the policy grants
/// unattended, and the CSM applies the week's best remaining proposals through the <see cref="ActionApplier"/>.
/// The world hears of every apply (its true effect shifts that account's hazard); a harmful one draws a complaint
/// with probability 0.3 and the CSM undoes it three days later through the gated undo. The product never sees
/// the world: it reads only what the replay stored (signals, accounts and their churn days).
/// </summary>
public sealed partial class DemoHistoryReplay
{
    private const double ComplaintChanceWhenHarmful = 0.3;
    private const int UndoAfterDays = 3;
    // Outcomes are observed early on Monday, decisions made and applied at 13:00 UTC, undos at 11:00 UTC.
    private const int ObserveHour = 6, DecideHour = 13, UndoHour = 11;
    public const string Trigger = "demo-history";

    private readonly IDocumentStore _store;
    private readonly ActionPlaneEngineOptions _engine;
    private readonly DemoSeedOptions _options;
    private readonly ScoringModels _models;
    private readonly Action<string> _progress;
    private readonly ReplayClock _clock;
    private readonly SimulatedWorld _world;
    private readonly Dictionary<string, SimulatedAccount> _worldById;
    private readonly Dictionary<string, Account> _stored;
    private readonly Random _complaints;
    private readonly List<(DateOnly Day, Guid ProposalId, SimulatedAccount Account, ActiveEffect Effect)> _pendingUndos = [];
    private readonly Actor _csm;
    private DateOnly _flushedTo;
    private int _undoneSinceLastWeek;

    /// <param name="store">The store the tenant was written to (signals, accounts and truths are written through it).</param>
    /// <param name="engine">The product's engine options; the replay runs its own services on a copy with its clock.</param>
    /// <param name="tenant">The generated tenant as of the first day of the history, as stored.</param>
    /// <param name="accounts">The stored accounts (with the demo CSM as owner).</param>
    public DemoHistoryReplay(IDocumentStore store, ActionPlaneEngineOptions engine, DemoSeedOptions options, GeneratedTenant tenant,
        IReadOnlyList<Account> accounts, ScoringModels models, Action<string> progress)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(tenant);
        _models = models ?? throw new ArgumentNullException(nameof(models));
        _progress = progress ?? (_ => { });
        _clock = new ReplayClock(ReplayClock.At(tenant.AsOf, 0));
        _world = new SimulatedWorld(tenant, Scenario.Default);
        _worldById = _world.Accounts.ToDictionary(a => a.Account.Id, StringComparer.Ordinal);
        _stored = accounts.ToDictionary(a => a.Id, StringComparer.Ordinal);
        _complaints = new Random(unchecked(options.Seed * 7_927 + 3));
        _csm = new Actor(options.CsmOwner, ["csm"]);
        _flushedTo = tenant.AsOf;
    }

    /// <summary>Told (weeks done, weeks in all) before the first replayed week and after each one, for a progress display.</summary>
    public Action<int, int>? WeekDone { get; init; }

    /// <summary>
    /// Lives the days from the tenant's as-of day up to (not including) <paramref name="end"/>, then records the outcomes
    /// due by <paramref name="observeAt"/> (the real now) and scores every account as of <paramref name="end"/>.
    /// </summary>
    public async Task<HistorySummary> RunAsync(DateOnly end, DateTimeOffset observeAt, CancellationToken cancellationToken = default)
    {
        var start = _world.Start;
        if (end <= start)
            throw new ArgumentOutOfRangeException(nameof(end), end, $"The history must end after it starts ({start:yyyy-MM-dd}).");
        await using var services = ReplayServices();
        var product = new Product(
            services.GetRequiredService<DecisionRunner>(),
            services.GetRequiredService<UnattendedRunner>(),
            services.GetRequiredService<ActionApplier>(),
            services.GetRequiredService<OutcomeObserver>(),
            new BatchScorer(_store, _clock));
        var totalWeeks = Enumerable.Range(0, end.DayNumber - start.DayNumber).Count(d => start.AddDays(d).DayOfWeek == DayOfWeek.Monday);
        var weeks = new List<HistoryWeek>();
        var outcomes = 0;
        WeekDone?.Invoke(0, totalWeeks);
        for (var day = start; day < end; day = day.AddDays(1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (day.DayOfWeek == DayOfWeek.Monday)
            {
                var week = await DecideWeekAsync(product, weeks.Count + 1, day, outcomes, cancellationToken);
                outcomes = week.OutcomesSoFar;
                weeks.Add(week);
                WeekDone?.Invoke(week.Week, totalWeeks);
                _progress(string.Create(CultureInfo.InvariantCulture,
                    $"history: week {week.Week}/{totalWeeks}, {day:yyyy-MM-dd}, {week.Decided} accounts decided, {week.AppliedByCsm + week.AppliedUnattended} applied ({week.AppliedUnattended} unattended), {week.Undone} undone since the last week, {week.ChurnedSoFar} churned so far, {week.OutcomesSoFar} outcomes ({week.Seconds:F1} s: signals, outcomes and scores {week.PrepareSeconds:F1} s, decision run {week.DecideSeconds:F1} s)"));
            }
            else
            {
                await UndoDueAsync(product.Applier, day, cancellationToken);
            }
            _world.Advance(day);
        }
        await FlushAsync(end, cancellationToken);
        _clock.Now = observeAt;
        outcomes += await product.Observer.ObserveDueAsync(cancellationToken);
        _clock.Set(end, 0);
        await product.Scorer.ScoreAllAsync(_models, end, null, cancellationToken);
        var churned = _world.Accounts.Where(a => a.ChurnedOn is not null).ToDictionary(a => a.Account.Id, a => a.ChurnedOn!.Value, StringComparer.Ordinal);
        return new HistorySummary(start, end, weeks, weeks.Sum(w => w.Undone) + _undoneSinceLastWeek, outcomes, churned);
    }

    private sealed record Product(DecisionRunner Runner, UnattendedRunner Autopilot, ActionApplier Applier, OutcomeObserver Observer, BatchScorer Scorer);

    private async Task<HistoryWeek> DecideWeekAsync(Product product, int week, DateOnly day, int outcomesBefore, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await FlushAsync(day, cancellationToken);
        _clock.Set(day, ObserveHour);
        var outcomes = outcomesBefore + await product.Observer.ObserveDueAsync(cancellationToken);
        // Undos due today run before the week's decisions (as a CSM's morning would go).
        await UndoDueAsync(product.Applier, day, cancellationToken);
        var undone = _undoneSinceLastWeek;
        _undoneSinceLastWeek = 0;
        _clock.Set(day, DecideHour);
        await product.Scorer.ScoreAllAsync(_models, day, null, cancellationToken);
        var prepared = watch.Elapsed;

        // The product decides and applies with the world's truth sealed: it works from what was stored.
        _world.TruthSealed = true;
        try
        {
            var run = await product.Runner.TryRunAsync(Trigger, "system:" + Trigger, cancellationToken: cancellationToken)
                ?? throw new InvalidOperationException("Another decision run holds the lock; the demo history cannot replay now.");
            if (run.Status != DecisionRunStatus.Completed)
                throw new InvalidOperationException($"The replayed decision run of {day:yyyy-MM-dd} ended {run.Status}: {run.Error}");
            var decided = watch.Elapsed;
            var unattended = await product.Autopilot.RunAsync(maxApplies: 10_000, cancellationToken);

            var autoApplied = 0;
            foreach (var item in unattended.Items.Where(i => i.Outcome == AutopilotOutcome.Applied))
            {
                TellWorld(item.ProposalId, item.AccountId, item.ActionType, day);
                autoApplied++;
            }
            var (csmApplied, denied) = await CsmAppliesAsync(product.Applier, day, cancellationToken);
            return new HistoryWeek(week, day, run.ActionDecisions + run.HoldoutDecisions + run.NoActionDecisions, csmApplied, autoApplied, denied, undone,
                _world.Accounts.Count(a => a.Churned), outcomes)
            {
                Seconds = watch.Elapsed.TotalSeconds, PrepareSeconds = prepared.TotalSeconds, DecideSeconds = (decided - prepared).TotalSeconds,
            };
        }
        finally
        {
            _world.TruthSealed = false;
        }
    }

    /// <summary>
    /// The CSM's week: the engine's chosen, allowed proposals of this week that need no approval, highest expected
    /// incremental value first, as many as <see cref="DemoSeedOptions.CsmAppliesPerWeek"/> allows; one the gate
    /// denies at apply is left (the denial is recorded on it).
    /// </summary>
    private async Task<(int Applied, int Denied)> CsmAppliesAsync(ActionApplier applier, DateOnly day, CancellationToken cancellationToken)
    {
        var weekStart = ReplayClock.At(day, 0);
        List<ActionLifecycle> open;
        await using (var query = _store.QuerySession())
        {
            open = [.. await query.Query<ActionLifecycle>()
                .Where(p => p.Status == ActionStatus.Allowed && p.ProposedAt >= weekStart && p.Explanation.Trace!.Chosen)
                .ToListAsync(cancellationToken)];
        }
        var picks = open
            .Where(p => p.Explanation.Trace is { Chosen: true, Holdout: false, DecidedBy: "engine" } t && t.Value.Expected > 0 && !p.RequiresApproval)
            .OrderByDescending(p => p.Explanation.Trace!.Value.Expected).ThenBy(p => p.AccountId, StringComparer.Ordinal).ThenBy(p => p.ActionType, StringComparer.Ordinal)
            .Take(_options.CsmAppliesPerWeek)
            .ToList();
        int applied = 0, denied = 0;
        foreach (var p in picks)
        {
            try
            {
                await applier.ApplyAsync(p.Id, $"{Trigger}:{p.Id:N}", _csm, cancellationToken);
            }
            catch (LifecycleException)
            {
                denied++;
                continue;
            }
            TellWorld(p.Id, p.AccountId, p.ActionType, day);
            applied++;
        }
        return (applied, denied);
    }

    private void TellWorld(Guid proposalId, string accountId, string actionType, DateOnly day)
    {
        var account = _worldById[accountId];
        var effect = _world.Apply(account, proposalId, actionType, day);
        // The customer complains now and then about an action that hurt; the CSM undoes it a few days later.
        if (effect.LogOddsDelta > 0 && _complaints.NextDouble() < ComplaintChanceWhenHarmful)
            _pendingUndos.Add((day.AddDays(UndoAfterDays), proposalId, account, effect));
    }

    private async Task UndoDueAsync(ActionApplier applier, DateOnly day, CancellationToken cancellationToken)
    {
        var due = _pendingUndos.Where(u => u.Day == day).ToList();
        if (due.Count == 0)
            return;
        _clock.Set(day, UndoHour);
        foreach (var pending in due)
        {
            _pendingUndos.Remove(pending);
            if (pending.Account.Churned)
                continue;
            var receipt = await applier.AppliedReceiptAsync(pending.ProposalId, cancellationToken);
            if (receipt is null)
                continue;
            try
            {
                await applier.UndoAsync(pending.ProposalId, receipt.RollbackToken.ToString(), _csm, cancellationToken);
            }
            catch (LifecycleException)
            {
                // The gate (or the target state) refused: the action stays, and so does its effect.
                continue;
            }
            SimulatedWorld.Undo(pending.Effect, day);
            _undoneSinceLastWeek++;
        }
    }

    /// <summary>The product's engine services on a copy of its options with the replay's clock and a seeded exploration draw.</summary>
    private ServiceProvider ReplayServices()
    {
        var options = _engine.Copy();
        options.WatchPolicies = false;
        // The gate's autonomy evidence is read once per replayed moment (the cache reloads when the clock moves
        // past its window) and never refreshed in the background, so a replay does not depend on wall-clock timing.
        options.ActionMetricsTtl = TimeSpan.FromDays(365);
        options.TimeProvider = _clock;
        options.Decisioning.ExplorationRandom = new Random(unchecked(_options.Seed * 104_723 + 11));
        return new ServiceCollection().AddLogging().AddActionPlaneEngine(options).BuildServiceProvider();
    }
}
