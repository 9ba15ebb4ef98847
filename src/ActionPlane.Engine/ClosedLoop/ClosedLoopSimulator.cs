using System.Diagnostics;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Proposals;
using ActionPlane.Policies;

namespace ActionPlane.Engine.ClosedLoop;

/// <summary>
/// Runs the product loop over simulated days on a generated tenant: every week features →
/// churn model → uplift estimates → candidate payloads (schema-checked) → arbitration → the real
/// policy gate → apply within the weekly budget; every day the world evolves and outcomes close at
/// their 90-day horizon; every few weeks the models retrain on what was logged. State lives in
/// memory for speed; decisions go through the product's core, gate and models.
/// </summary>
public sealed partial class ClosedLoopSimulator
{
    private const double UndoChanceWhenHarmful = 0.3;
    private const int UndoAfterDays = 3;
    private const int MaxTriesPerAccount = 3;

    private readonly SimulationOptions _options;
    private readonly Action<string> _progress;
    private readonly SimulatedWorld _world;
    private readonly ActionCatalog _catalog = ActionCatalog.Default;
    private readonly SimulationGate _gate;
    private readonly IPolicyEngine _engine;
    private readonly ArbitrationSettings _settings;
    private readonly Random _run;
    private readonly List<LoggedStep> _logs = [];
    private readonly Dictionary<int, List<LoggedStep>> _openSteps = [];
    private readonly List<(SimulatedAccount Account, int Day, decimal Cost)> _appliedActions = [];
    private readonly List<(int Day, SimulatedAccount Account, ActiveEffect Effect, WeekContext Context)> _pendingUndos = [];
    private readonly List<WeekSeries> _weeks = [];
    private readonly IReadOnlyList<ChurnExample> _historyExamples;
    private readonly Dictionary<int, List<LoggedStep>> _stepsByAccount = [];
    private BudgetState _budget = BudgetState.Unlimited(DateOnly.MinValue);
    private ChurnModel _churn;
    private int _churnSequence = 1;

    private int _applied, _undone, _denials, _suggestOnly, _proposals, _invalid, _retrainings;
    private decimal _cost;
    private double _trueUpliftApplied;
    private int _weekApplied, _weekExplored, _weekDenials;
    private decimal _weekCost;

    private ClosedLoopSimulator(SimulationOptions options, Action<string>? progress)
    {
        _options = options.Validate();
        _progress = progress ?? (_ => { });
        var tenant = new TenantGenerator(options.Seed, options.Scenario).Generate(options.Accounts, options.Start);
        _world = new SimulatedWorld(tenant, options.Scenario);
        _engine = new EmbeddedPolicyEngine(PolicyBundle.Load(options.PoliciesDirectory));
        _gate = new SimulationGate(_engine);
        _settings = new ArbitrationSettings
        {
            TenantId = $"sim-{options.Seed}",
            Epsilon = 0,
            HoldoutShare = options.HoldoutShare,
            UncertaintyPenalty = options.UncertaintyPenalty,
        }.Validate();
        _run = new Random(unchecked(options.Seed * 31 + (int)options.Strategy));
        // The product's first churn model: trained on the tenant's history, as the demo seeder does.
        _historyExamples = tenant.ToChurnExamples();
        _churn = TrainChurn(_historyExamples);
        // nba learns and decides on logged outcomes only: the world's truth stays sealed (reads throw).
        _world.TruthSealed = options.Strategy == SimulationStrategy.Nba;
        if (options.Strategy == SimulationStrategy.Nba)
            TrainUpliftFromHistory(tenant);
        if (options.Strategy == SimulationStrategy.Ceiling)
            FitCeiling(tenant);
    }

    /// <summary>Runs one strategy and returns its report; <paramref name="progress"/> gets a line per week.</summary>
    public static SimulationReport Run(SimulationOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var simulator = new ClosedLoopSimulator(options, progress);
        return simulator.Loop(clock);
    }

    private SimulationReport Loop(Stopwatch clock)
    {
        for (var d = 0; d < _options.Days; d++)
        {
            var date = _world.Start.AddDays(d);
            if (d % 7 == 0)
            {
                var week = d / 7;
                if (week > 0 && week % _options.RetrainEveryWeeks == 0)
                    Retrain(d);
                if (_options.Strategy == SimulationStrategy.Nba && _options.CalibrateUplift)
                    Calibrate(d);
                DecideWeek(week, d, date);
            }
            ProcessUndos(d, date);
            foreach (var churned in _world.Advance(date))
                CloseOnChurn(churned, d);
            CloseWindows(d);
        }
        PrintAppliedByType();
        return Report(clock);
    }

    private void DecideWeek(int week, int day, DateOnly date)
    {
        _weekApplied = _weekExplored = _weekDenials = 0;
        _weekCost = 0;
        var now = new DateTimeOffset(date.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
        var contexts = Contexts(week, day, date, now);
        _budget = BudgetState.ForWeek(date, null, _options.Budget);
        switch (_options.Strategy)
        {
            case SimulationStrategy.Random: PlanRandom(contexts, day, date, now); break;
            case SimulationStrategy.RiskTop: PlanRiskTop(contexts, day, date, now); break;
            case SimulationStrategy.Oracle: PlanOracle(contexts, day, date, now); break;
            case SimulationStrategy.Nba or SimulationStrategy.Ceiling: PlanNba(week, contexts, day, date, now); break;
        }
        var churnedTotal = _world.Accounts.Count(a => a.Churned);
        _weeks.Add(new WeekSeries(week, date, contexts.Count, churnedTotal, _weekApplied, _weekExplored, _weekDenials, _weekCost,
            contexts.Count == 0 ? 0 : Math.Round(contexts.Average(c => c.Score.ChurnProbability), 4)));
        _progress($"week {week + 1,3}/{(_options.Days + 6) / 7}  {date:yyyy-MM-dd}  active {contexts.Count,6}  churned {churnedTotal,5}  applied {_weekApplied,4}  denied {_weekDenials,3}  cost {_weekCost,10:N0}");
    }

    /// <summary>Features, churn scores and candidate payloads of every active account, and its logged step.</summary>
    private List<WeekContext> Contexts(int week, int day, DateOnly date, DateTimeOffset now)
    {
        var active = _world.Active.ToList();
        var snapshots = active.Select(a => FeatureBuilder.Build(a.Account, a.Signals, date)).ToList();
        var predictions = _churn.PredictMany(snapshots, BatchScorer.DriversPerScore);
        var version = _churn.Version.ToString();
        var contexts = new List<WeekContext>(active.Count);
        for (var i = 0; i < active.Count; i++)
        {
            var account = active[i];
            var score = new AccountScore
            {
                Id = account.Account.Id,
                ChurnProbability = predictions[i].Probability,
                Tier = predictions[i].Tier,
                Drivers = predictions[i].Drivers,
                ModelVersion = version,
                ScoredAt = now,
                Features = snapshots[i],
            };
            var candidates = CandidatesOf(account, score, now);
            var x = FeatureBuilder.ToVector(snapshots[i]);
            var holdout = HoldoutAssignment.IsHoldout(account.Account.Id, _settings);
            var step = new LoggedStep
            {
                Week = week, Day = day, AccountIndex = account.Index, Features = x, ChurnProbability = score.ChurnProbability,
                AccountValue = ExpectedIncrementalValue.AccountValue(account.Account.Mrr, _settings),
                CandidateCosts = candidates.ToDictionary(c => c.Key, c => c.Value.Cost, StringComparer.Ordinal),
                Arm = holdout ? Arm.Holdout : Arm.Exploit, NonePropensity = 1,
            };
            _logs.Add(step);
            (_stepsByAccount.TryGetValue(account.Index, out var mine) ? mine : _stepsByAccount[account.Index] = []).Add(step);
            (_openSteps.TryGetValue(day, out var open) ? open : _openSteps[day] = []).Add(step);
            contexts.Add(new WeekContext { Account = account, Snapshot = snapshots[i], Features = x, Score = score, Holdout = holdout, Candidates = candidates, Step = step });
        }
        return contexts;
    }

    private Dictionary<string, (ActionDefinition Definition, System.Text.Json.Nodes.JsonObject Payload, decimal Cost)> CandidatesOf(SimulatedAccount account, AccountScore score, DateTimeOffset now)
    {
        var weekAgo = now.AddDays(-7);
        var nudges = account.Applied.Where(r => r.UserId != null && r.AppliedAt >= weekAgo).GroupBy(r => r.UserId!).ToDictionary(g => g.Key, g => g.Count());
        var target = CandidatePayloads.PickTargetUser(account.Users, nudges);
        var admin = CandidatePayloads.PickAdmin(account.Users);
        var result = new Dictionary<string, (ActionDefinition Definition, System.Text.Json.Nodes.JsonObject Payload, decimal Cost)>(StringComparer.Ordinal);
        foreach (var definition in _catalog.All)
        {
            var user = definition.Type.Value == "suggest_upgrade_within_policy" ? admin : target;
            var payload = CandidatePayloads.Build(definition, account.Account, user, score, now);
            if (payload is null)
                continue;
            var cost = BaselineValueHeuristic.Score(definition, payload, account.Account, score.ChurnProbability).Cost;
            result[definition.Type.Value] = (definition, payload, cost);
        }
        return result;
    }

    /// <summary>
    /// Validates, gates and applies one candidate. Returns false when the payload is invalid, the
    /// budget is spent (the candidate stays a suggestion) or the gate denies it.
    /// </summary>
    private bool TryApply(WeekContext context, string actionType, int day, DateOnly date, DateTimeOffset now)
    {
        var (definition, payload, cost) = context.Candidates[actionType];
        if (!_budget.CanAfford(cost))
        {
            _suggestOnly++;
            return false;
        }
        _proposals++;
        if (_catalog.Validate(actionType, payload).Count > 0)
        {
            _invalid++;
            return false;
        }
        var account = context.Account;
        var proposalId = NewId();
        var subject = SimulationGate.Subject(proposalId, account, definition, payload);
        var approved = definition.Consequential || actionType == "offer_discount";
        var (input, decision) = _gate.Evaluate(account, context.Score, subject, "apply", approved, now);
        if (!decision.Allow)
        {
            _denials++;
            _weekDenials++;
            return false;
        }
        _gate.RecordApplied(input, decision.Revision);
        _budget = _budget.Spend(cost);
        _applied++;
        _weekApplied++;
        _cost += cost;
        _weekCost += cost;
        // Ground truth for the report only (how good the choices were); no strategy but the oracle decides on it.
        var trueUplift = _world.Unsealed(w => w.TrueUplift(account, actionType, date));
        _trueUpliftApplied += trueUplift;
        TallyApplied(context, actionType, trueUplift, _world.Unsealed(w => w.TrueChurnProbability(account, date)));
        var effect = _world.Apply(account, proposalId, actionType, date);
        account.Applied.Add(new DecisionRecord
        {
            Id = proposalId, AccountId = account.Account.Id, UserId = subject.UserId, ActionType = actionType,
            Channel = subject.Metadata["channel"]?.GetValue<string>() ?? "", Category = subject.Metadata["category"]?.GetValue<string>() ?? "",
            Status = ActionStatus.Applied, Allowed = true, AppliedAt = now, AppliedBy = Actor.System.Id, PolicyRevision = decision.Revision,
        });
        _appliedActions.Add((account, day, cost));
        RememberApplied(context, actionType, proposalId);
        context.Step.Action = actionType;
        // A harmful action draws a complaint now and then; the CSM undoes it (policy-checked).
        if (effect.LogOddsDelta > 0 && _run.NextDouble() < UndoChanceWhenHarmful)
            _pendingUndos.Add((day + UndoAfterDays, account, effect, context));
        return true;
    }

    private void ProcessUndos(int day, DateOnly date)
    {
        var now = new DateTimeOffset(date.ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero);
        foreach (var pending in _pendingUndos.Where(p => p.Day == day).ToList())
        {
            _pendingUndos.Remove(pending);
            var account = pending.Account;
            if (account.Churned)
                continue;
            var index = account.Applied.FindIndex(r => r.Id == pending.Effect.ProposalId);
            var record = account.Applied[index];
            var (definition, payload, _) = pending.Context.Candidates[record.ActionType];
            var subject = SimulationGate.Subject(record.Id, account, definition, payload);
            var (_, decision) = _gate.Evaluate(account, pending.Context.Score, subject, "undo", approved: false, now);
            if (!decision.Allow)
            {
                _denials++;
                continue;
            }
            SimulatedWorld.Undo(pending.Effect, date);
            account.Applied[index] = record with { UndoneAt = now, Status = ActionStatus.RolledBack };
            _undone++;
        }
    }

    private void CloseOnChurn(SimulatedAccount account, int day)
    {
        foreach (var step in _stepsByAccount.GetValueOrDefault(account.Index, []).Where(s => s.Retained is null && s.Day <= day))
        {
            step.Retained = false;
            step.OutcomeDay = day;
        }
    }

    private void CloseWindows(int day)
    {
        if (!_openSteps.Remove(day - SimulatedWorld.EffectDays + 1, out var steps))
            return;
        foreach (var step in steps.Where(s => s.Retained is null))
        {
            step.Retained = true;
            step.OutcomeDay = day;
        }
    }

    private Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _run.NextBytes(bytes);
        return new Guid(bytes);
    }
}
