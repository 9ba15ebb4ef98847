using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using Marten;

namespace ActionPlane.Engine.Autopilot;

/// <summary>
/// Makes the <c>unattended</c> autonomy level real: applies, as <see cref="Actor.System"/>, the open
/// proposals whose latest gate decision granted it, through the same <see cref="ActionApplier"/> a
/// CSM uses. Only chosen proposals (the engine's pick, or a person's own), never alternatives, never on
/// a holdout account. The gate re-evaluates each apply with the system actor and fresh metrics, so a type
/// whose reversal or error rate rose since it was proposed is denied (autonomy.unattended_not_earned,
/// recorded on the proposal, which then waits for a person). The weekly budget is checked before each
/// apply and enforced again by the gate under the budget lock; caps under the account's apply lock.
/// Two runs at once (two app instances) are safe: the idempotency key is the proposal's, so a
/// proposal is applied once and the slower run gets the first receipt back.
/// </summary>
public sealed class UnattendedRunner(IDocumentStore store, ActionApplier applier, ActionPlaneEngineOptions options)
{
    public const string IdempotencyPrefix = "autopilot:";


    public static string IdempotencyKeyOf(Guid proposalId) => IdempotencyPrefix + proposalId.ToString("N");

    /// <param name="maxApplies">Applies at most this many in this run (the rest are <see cref="AutopilotOutcome.Deferred"/>).</param>
    public async Task<AutopilotRunSummary> RunAsync(int maxApplies = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxApplies, 1);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var now = options.TimeProvider.GetUtcNow();
        var candidates = await CandidatesAsync(now, cancellationToken);

        var items = new List<AutopilotItem>(candidates.Count);
        var budget = await ReadBudgetAsync(now, cancellationToken);
        var applied = 0;
        foreach (var p in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AutopilotItem Item(AutopilotOutcome outcome, IReadOnlyList<string>? rules = null, string? message = null) =>
                new(p.Id, p.AccountId, p.ActionType, p.Scores.Cost, outcome, rules ?? [], message);
            if (applied >= maxApplies)
            {
                items.Add(Item(AutopilotOutcome.Deferred));
                continue;
            }
            // Checked here so a spent budget leaves the proposal untouched (no denial on its stream) and
            // it is considered again next week; the gate enforces the same under the budget lock.
            if (budget is not null && !budget.CanAfford(p.Scores.Cost))
            {
                items.Add(Item(AutopilotOutcome.SkippedByBudget, message: $"week {budget.IsoWeek}: {budget.Spent} of {budget.MoneyBudget} spent, this action costs {p.Scores.Cost}"));
                continue;
            }
            var item = await ApplyOneAsync(p, Item, cancellationToken);
            items.Add(item);
            if (item.Outcome == AutopilotOutcome.Applied)
            {
                applied++;
                budget = budget?.Spend(p.Scores.Cost);
            }
        }
        return new AutopilotRunSummary(now, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, items);
    }

    private async Task<AutopilotItem> ApplyOneAsync(ActionLifecycle p, Func<AutopilotOutcome, IReadOnlyList<string>?, string?, AutopilotItem> item, CancellationToken cancellationToken)
    {
        try
        {
            var receipt = await applier.ApplyAsync(p.Id, IdempotencyKeyOf(p.Id), Actor.System, cancellationToken);
            return receipt.Replayed
                ? item(AutopilotOutcome.AlreadyApplied, null, "applied by another autopilot run")
                : item(AutopilotOutcome.Applied, null, receipt.Summary);
        }
        catch (LifecycleException e) when (e.Kind == LifecycleErrorKind.PolicyDenied)
        {
            return item(AutopilotOutcome.Denied, [.. e.Reasons.Select(RuleOf)], e.Message);
        }
        catch (LifecycleException e)
        {
            // A conflict is usually a person (or the other run) applying it first: say so when that is what happened.
            var now = await LoadAsync(p.Id, cancellationToken);
            return now is { Status: ActionStatus.Applied or ActionStatus.RolledBack }
                ? item(AutopilotOutcome.AlreadyApplied, null, $"applied by {now.AppliedBy}")
                : item(AutopilotOutcome.Failed, null, e.Message);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or Marten.Exceptions.MartenException or TimeoutException)
        {
            // The apply committed whole or not at all; the next proposal (or the next run) goes on.
            return item(AutopilotOutcome.Failed, null, e.Message);
        }
    }

    // "rule: message" as LifecycleException.Reasons words a denial.
    private static string RuleOf(string reason) => reason.Split(':', 2)[0];

    /// <summary>
    /// Allowed (or approved) proposals whose latest gate decision allowed and granted <c>unattended</c>,
    /// highest expected incremental value first (oldest first among equals): when the weekly budget cannot
    /// cover them all, it goes to the accounts where acting is worth most, as the simulator's nba allocates it.
    /// A proposal whose latest decision denied (e.g. an earlier unattended apply) waits for a person.
    /// </summary>
    private async Task<IReadOnlyList<ActionLifecycle>> CandidatesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Past the proposal TTL a proposal has lapsed (its features and the gate's verdict are from too long ago),
        // even if no run or propose has expired it yet: the same rule ProposalExpirer applies.
        var since = now - options.Decisioning.ProposalTtl;
        await using var session = store.QuerySession();
        var open = await session.Query<ActionLifecycle>()
            // Chosen in SQL too: the alternatives of every account are most of the open proposals, and loading them only to drop them cost 20 MB per run on 2,000 accounts.
            .Where(p => (p.Status == ActionStatus.Allowed || p.Status == ActionStatus.Approved) && p.AutonomyLevel == "unattended" && p.ProposedAt >= since
                && p.Explanation.Trace!.Chosen)
            .OrderBy(p => p.ProposedAt)
            .ToListAsync(cancellationToken);
        // A proposal made before its account churned is never acted on.
        var churned = (await session.Query<Account>().Where(a => a.ChurnedOn != null).Select(a => a.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var eligible = open.Where(p => IsChosen(p) && !churned.Contains(p.AccountId) && !HoldoutAssignment.IsHoldout(p.AccountId, options.Decisioning.Arbitration)
            && (!p.RequiresApproval || p.Status == ActionStatus.Approved)).ToList();
        if (eligible.Count == 0)
            return [];
        var ids = eligible.Select(p => p.Id).ToArray();
        var deniedLast = (await session.Query<DecisionRecord>()
                .Where(r => r.Id.IsOneOf(ids))
                .Select(r => new DecisionRecord { Id = r.Id, DenyRules = r.DenyRules })
                .ToListAsync(cancellationToken))
            .Where(r => r.DenyRules.Count > 0).Select(r => r.Id).ToHashSet();
        return [.. eligible.Where(p => !deniedLast.Contains(p.Id)).OrderByDescending(p => p.Explanation.Trace?.Value.Expected ?? decimal.MinValue)];
    }

    /// <summary>
    /// What was chosen: by arbitration, or by a person who proposed this exact action. Never an
    /// alternative the engine ranked below its choice (applying it would bypass the per-account limit
    /// and log a treatment whose propensity was 0), never a holdout log.
    /// </summary>
    private static bool IsChosen(ActionLifecycle p) => p.Explanation.Trace is { Chosen: true, Holdout: false };

    private async Task<BudgetState?> ReadBudgetAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (options.Decisioning.WeeklyBudget is null)
            return null;
        await using var session = store.QuerySession();
        return await WeeklyBudgetReader.ReadAsync(session, now, options.Decisioning.WeeklyBudget, cancellationToken);
    }

    private async Task<ActionLifecycle?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ActionLifecycle>(id, cancellationToken);
    }
}
