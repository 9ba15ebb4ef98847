using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Proposals;

namespace ActionPlane.Engine.ClosedLoop;

// The strategies: each orders accounts and, per account, the actions to try; the shared apply loop
// spends the same weekly budget through the same gate.
public sealed partial class ClosedLoopSimulator
{
    /// <summary>
    /// Applies the first action the gate allows for each account in order (up to
    /// <see cref="MaxTriesPerAccount"/> tries per account) until <paramref name="limit"/> actions were
    /// applied or the budget is spent; accounts left over when it is spent count as suggest-only.
    /// </summary>
    private int ApplyInOrder(IEnumerable<(WeekContext Context, IReadOnlyList<string> Actions)> order, int limit, int day, DateOnly date, DateTimeOffset now, Arm arm)
    {
        var applied = 0;
        foreach (var (context, actions) in order)
        {
            if (applied >= limit)
                break;
            if (_budget.Exhausted)
            {
                _suggestOnly++;
                continue;
            }
            if (context.Tried || context.Holdout || actions.Count == 0)
                continue;
            context.Tried = true;
            foreach (var action in actions.Take(MaxTriesPerAccount))
            {
                if (TryApply(context, action, day, date, now))
                {
                    context.Step.Arm = arm;
                    applied++;
                    break;
                }
            }
        }
        return applied;
    }

    private void PlanRandom(List<WeekContext> contexts, int day, DateOnly date, DateTimeOffset now)
    {
        var order = contexts.ToArray();
        _run.Shuffle(order);
        ApplyInOrder(order.Select(c => (c, (IReadOnlyList<string>)Shuffled(c.Candidates.Keys))), int.MaxValue, day, date, now, Arm.Explore);
    }

    /// <summary>Common practice: highest churn risk first, the action the baseline heuristic values most.</summary>
    private void PlanRiskTop(List<WeekContext> contexts, int day, DateOnly date, DateTimeOffset now)
    {
        var order = contexts
            .OrderByDescending(c => c.Score.ChurnProbability)
            .Select(c => (c, (IReadOnlyList<string>)c.Candidates
                .OrderByDescending(k => BaselineValueHeuristic.Score(k.Value.Definition, k.Value.Payload, c.Account.Account, c.Score.ChurnProbability).ExpectedValue)
                .Select(k => k.Key).ToList()));
        ApplyInOrder(order, int.MaxValue, day, date, now, Arm.Exploit);
    }

    /// <summary>The upper bound: arbitration on the generator's true uplift (no uncertainty).</summary>
    private void PlanOracle(List<WeekContext> contexts, int day, DateOnly date, DateTimeOffset now) =>
        ApplyInOrder(ByValue(contexts, c => c.Candidates.Keys.ToDictionary(t => t, t => (_world.TrueUplift(c.Account, t, date), 0.0))),
            int.MaxValue, day, date, now, Arm.Exploit);

    /// <summary>
    /// ActionPlane: exploit slots go to the accounts whose best action has the highest expected
    /// incremental value (learned uplift, uncertainty-penalised); explore slots go to uniformly random
    /// accounts among the rest, each with a uniformly random candidate, propensities logged. During the
    /// exploration period every slot explores.
    /// </summary>
    private void PlanNba(int week, List<WeekContext> contexts, int day, DateOnly date, DateTimeOffset now)
    {
        var ceiling = _options.Strategy == SimulationStrategy.Ceiling;
        var exploring = !ceiling && (week < _options.ExplorationWeeks || _uplift.Count == 0);
        var epsilon = exploring ? 1.0 : _options.Thompson || ceiling ? 0 : _options.Epsilon;
        var exploreSlots = (int)Math.Round(_options.Budget * epsilon);
        var exploitSlots = _options.Budget - exploreSlots;
        if (_uplift.Count > 0)
            PredictUplift(contexts, sample: _options.Thompson && !exploring);
        if (exploitSlots > 0)
            ApplyInOrder(ByValue(contexts, UpliftOf), exploitSlots, day, date, now, Arm.Exploit);

        var pool = contexts.Where(c => !c.Tried && !c.Holdout).ToArray();
        if (pool.Length == 0 || exploreSlots == 0)
            return;
        var picked = Math.Min(exploreSlots, pool.Length);
        var share = picked / (double)pool.Length;
        foreach (var c in pool)
        {
            c.Step.Randomized = true;
            c.Step.NonePropensity = 1 - share;
        }
        _run.Shuffle(pool);
        foreach (var c in pool.Take(picked))
        {
            if (_budget.Exhausted)
                break;
            c.Tried = true;
            if (c.Candidates.Count == 0)
            {
                c.Step.NonePropensity = 1;
                continue;
            }
            var keys = c.Candidates.Keys.ToArray();
            var action = keys[_run.Next(keys.Length)];
            c.Step.ActionPropensity = share / keys.Length;
            c.Step.Arm = Arm.Explore;
            if (TryApply(c, action, day, date, now))
                _weekExplored++;
        }
    }

    /// <summary>Accounts whose best candidate is worth acting on, best first, each with its candidates by value (the arbitrator's order).</summary>
    private IEnumerable<(WeekContext, IReadOnlyList<string>)> ByValue(List<WeekContext> contexts, Func<WeekContext, Dictionary<string, (double Uplift, double StdError)>> uplift)
    {
        var ranked = new List<(WeekContext Context, decimal Best, IReadOnlyList<string> Actions)>();
        foreach (var c in contexts)
        {
            if (c.Holdout || c.Candidates.Count == 0)
                continue;
            var estimates = uplift(c);
            var candidates = c.Candidates.Select(k => new CandidateEstimate(k.Key, estimates[k.Key].Uplift, estimates[k.Key].StdError,
                c.Step.AccountValue, k.Value.Cost, estimates[k.Key].Uplift, k.Value.Definition.Category, k.Value.Definition.Channel)).ToList();
            // The product's arbitration core, greedy (exploration is done across accounts, below the budget).
            var decision = Arbitrator.Arbitrate(c.Account.Account.Id, candidates, _settings, BudgetState.Unlimited(c.Snapshot.AsOf), _run);
            var worth = decision.Candidates.OrderBy(v => v.Rank).Where(v => v.ExpectedValue > _settings.MinExpectedValue).ToList();
            if (worth.Count > 0)
                ranked.Add((c, worth[0].ExpectedValue, worth.Select(v => v.ActionType).ToList()));
        }
        return ranked.OrderByDescending(r => r.Best).ThenBy(r => r.Context.Account.Index).Select(r => (r.Context, r.Actions));
    }

    private List<string> Shuffled(IEnumerable<string> keys)
    {
        var array = keys.ToArray();
        _run.Shuffle(array);
        return [.. array];
    }
}
