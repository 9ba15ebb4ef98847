using System.Diagnostics;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Decisioning.OffPolicy;
using ActionPlane.Policies;

namespace ActionPlane.Engine.ClosedLoop;

// The report, the policy re-check and off-policy evaluation of nba from its exploration period.
public sealed partial class ClosedLoopSimulator
{
    private SimulationReport Report(Stopwatch clock)
    {
        var lastDay = _options.Days - 1;
        var churned = _world.Accounts.Where(a => a.Churned).ToList();
        // Successful: the account was still a customer 90 days after the action, or at the end of the run.
        var successful = _appliedActions.Count(a => a.Account.ChurnedOn is not { } on || on.DayNumber - _world.Start.DayNumber >= a.Day + SimulatedWorld.EffectDays);
        var engines = new Dictionary<string, IPolicyEngine>(StringComparer.Ordinal) { [_engine.Revision] = _engine };
        return new SimulationReport
        {
            Strategy = SimulationStrategies.Name(_options.Strategy),
            Seed = _options.Seed,
            Accounts = _options.Accounts,
            Days = _options.Days,
            WeeklyBudget = _options.Budget,
            Scenario = _options.Scenario,
            PolicyRevision = _engine.Revision,
            Retained = _world.Accounts.Count - churned.Count,
            Churned = churned.Count,
            ChurnedMrr = churned.Sum(a => a.Account.Mrr),
            ActionsApplied = _applied,
            ActionsUndone = _undone,
            PolicyDenials = _denials,
            SuggestOnly = _suggestOnly,
            Cost = _cost,
            SuccessfulActions = successful,
            CostPerSuccessfulAction = successful == 0 ? null : Math.Round(_cost / successful, 2),
            MeanTrueUpliftApplied = _applied == 0 ? 0 : Math.Round(_trueUpliftApplied / _applied, 5),
            ProposalsChecked = _proposals,
            JsonValidity = _proposals == 0 ? 1.0 : (_proposals - _invalid) / (double)_proposals,
            PolicyViolations = _gate.CountViolations(engines),
            PolicyEvaluations = _gate.Evaluations,
            HoldoutAccounts = _world.Accounts.Count(a => HoldoutAssignment.IsHoldout(a.Account.Id, _settings)),
            Retrainings = _retrainings,
            Ope = _options.Strategy == SimulationStrategy.Nba ? Ope(lastDay) : null,
            Weeks = _weeks,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        };
    }

    /// <summary>
    /// Off-policy value of nba's exploit rule (with its final models) from the exploration period's
    /// randomised decisions, against the retention nba realised on its own decisions after that period.
    /// Reward: retained over the 90 days after the decision. The target policy gives, within each
    /// logged week, the budget's worth of best-valued accounts their best action and the rest nothing.
    /// </summary>
    private OpeReport? Ope(int lastDay)
    {
        var logged = _logs.Where(s => s.Week < _options.ExplorationWeeks && s.Randomized && s.Retained is not null
            && s.Day + SimulatedWorld.EffectDays <= lastDay + 1).ToList();
        var realised = _logs.Where(s => s.Week >= _options.ExplorationWeeks && s.Arm != Arm.Holdout && s.Retained is not null
            && s.Day + SimulatedWorld.EffectDays <= lastDay + 1).ToList();
        if (logged.Count == 0 || realised.Count == 0 || _uplift.Count == 0)
            return null;

        var x = logged.Select(s => s.Features).ToArray();
        var churn = logged.Select(s => s.ChurnProbability).ToArray();
        var predicted = _catalog.All.Select(d => d.Type.Value).Where(_uplift.ContainsKey)
            .ToDictionary(t => t, t => _uplift[t].Predict(x, churn), StringComparer.Ordinal);
        var uplift = new Dictionary<LoggedStep, Dictionary<string, (double U, double Se)>>();
        for (var i = 0; i < logged.Count; i++)
            uplift[logged[i]] = predicted.ToDictionary(kv => kv.Key, kv => (kv.Value.Uplift[i], kv.Value.StdError[i]), StringComparer.Ordinal);

        // nba's choice per logged step: its best action if the account is among the week's top budget by value.
        var choice = new Dictionary<LoggedStep, string?>();
        foreach (var week in logged.GroupBy(s => s.Week))
        {
            var best = week.Select(s => (Step: s, Pick: BestAction(s, uplift[s]))).ToList();
            var chosen = best.Where(b => b.Pick.Action is not null).OrderByDescending(b => b.Pick.Value).Take(_options.Budget).Select(b => b.Step).ToHashSet();
            foreach (var b in best)
                choice[b.Step] = chosen.Contains(b.Step) ? b.Pick.Action : null;
        }
        var logs = logged.Select(s => new LoggedDecision<LoggedStep>(s, s.Action, s.Propensity, s.Retained!.Value ? 1 : 0)).ToList();
        double Target(LoggedStep s, string? a) => choice[s] == a ? 1 : 0;
        double Model(LoggedStep s, string? a) => RetentionRewardModel.Predict(s.ChurnProbability, a is null || !uplift[s].TryGetValue(a, out var u) ? 0 : u.U);
        string?[] actions = [null, .. _catalog.All.Select(d => d.Type.Value)];

        var dr = OffPolicyEvaluator.DoublyRobust(logs, Target, Model, actions);
        var drNone = OffPolicyEvaluator.DoublyRobust(logs, (_, a) => a is null ? 1 : 0, Model, actions);
        var realisedValue = realised.Average(s => s.Retained!.Value ? 1.0 : 0.0);
        var increment = OffPolicyEstimate.Difference("dr_incremental", dr, drNone);
        return new OpeReport(logs.Count,
            OpeFigure.Of(OffPolicyEvaluator.Ips(logs, Target)),
            OpeFigure.Of(OffPolicyEvaluator.SelfNormalisedIps(logs, Target)),
            OpeFigure.Of(dr),
            Math.Round(realisedValue, 5), realised.Count,
            Math.Round((dr.Value - realisedValue) / realisedValue, 5),
            OpeFigure.Of(increment));
    }

    private (string? Action, decimal Value) BestAction(LoggedStep step, Dictionary<string, (double U, double Se)> uplift)
    {
        var candidates = step.CandidateCosts.Where(c => uplift.ContainsKey(c.Key))
            .Select(c => new CandidateEstimate(c.Key, uplift[c.Key].U, uplift[c.Key].Se, step.AccountValue, c.Value, uplift[c.Key].U)).ToList();
        return Arbitrator.Greedy(candidates, _settings) is { } top ? (top.Candidate.ActionType, top.Value.Expected) : (null, 0);
    }
}
