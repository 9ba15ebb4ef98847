using System.Diagnostics;
using System.Globalization;
using Marten;

namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>
/// "What would strategy X have retained?" on the product's own log: reads the labelled decisions of a
/// window (<see cref="DecisionLogReader"/>, which says what the estimate assumes), resolves the strategies
/// (<see cref="OffPolicyStrategy"/>) and values each with IPS, SNIPS and DR (<see cref="OffPolicyEvaluator"/>),
/// plus DR's increment over doing nothing, as the closed-loop simulator reports it; and, as the model-free check
/// beside them, the randomised holdout against the accounts the engine decides for (<see cref="HoldoutComparison"/>), and
/// the check of the reward model's no-action baseline against the untreated decisions (<see cref="BaselineCalibration"/>).
/// </summary>
public sealed class DecisionLogEvaluator(IDocumentStore store, ArbitrationSettings settings)
{
    /// <summary>Below this many usable decisions the figures are shown with a warning.</summary>
    public const int MinDecisions = 30;

    /// <summary>The arbitration settings the greedy and model strategies are valued with.</summary>
    public ArbitrationSettings Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <summary>
    /// Evaluates <paramref name="strategies"/> (defaults when empty; <c>no_action</c> is always valued, as
    /// the baseline of the increment). Throws <see cref="OffPolicyInputException"/> naming <c>strategy</c>,
    /// <c>from</c> or <c>to</c> for bad input, before reading the log.
    /// </summary>
    public async Task<OffPolicyEvaluation> EvaluateAsync(IReadOnlyList<string> strategies, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategies);
        if (from is { } f && to is { } t && t <= f)
            throw new OffPolicyInputException("to", "to: must be after from (to is exclusive).");
        var clock = Stopwatch.StartNew();
        var names = (strategies.Count == 0 ? OffPolicyStrategy.Defaults : strategies).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        if (!names.Contains(OffPolicyStrategy.NoAction))
            names.Insert(0, OffPolicyStrategy.NoAction);
        var resolved = new List<OffPolicyStrategy>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
            resolved.Add(await OffPolicyStrategy.ResolveAsync(store, name, cancellationToken));

        var log = await DecisionLogReader.ReadAsync(store, from, to, resolved.Any(s => s.RescoredAction is not null), cancellationToken);
        // Once per evaluation: the reward model reads the rates, and the report shows them.
        var rates = ApplyRates(log.Decisions);
        var estimates = log.Decisions.Count == 0 ? [] : Evaluate(log.Decisions, resolved, Settings, rates);
        var holdout = HoldoutComparison.Of(log.Outcomes);
        return new OffPolicyEvaluation(from, to, log.Counts,
            log.Decisions.Count == 0 ? null : Math.Round(log.Decisions.Average(d => d.Retained ? 1.0 : 0.0), 5),
            rates.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 4), StringComparer.Ordinal),
            estimates, NotEnough(log.Counts), GreedySettings.Of(Settings), Math.Round(clock.Elapsed.TotalSeconds, 3))
        {
            Holdout = holdout,
            Baseline = BaselineCalibration.Of(log.Outcomes, log.Decisions, estimates.FirstOrDefault(s => s.Strategy == OffPolicyStrategy.NoAction)?.Dr, holdout.Holdout),
        };
    }

    /// <summary>The estimates of each strategy on usable decisions (at least one), with the <see cref="ApplyRates"/> of those decisions.</summary>
    private static List<StrategyEstimate> Evaluate(IReadOnlyList<LoggedAccountDecision> decisions, IReadOnlyList<OffPolicyStrategy> strategies, ArbitrationSettings settings,
        IReadOnlyDictionary<string, double> rates)
    {
        var logs = decisions.Select((d, i) => new LoggedDecision<int>(i, d.LoggedAction, d.Propensity, d.Retained ? 1 : 0)).ToList();
        var onPolicy = logs.Select(l => l with { Propensity = 1 }).ToList();
        var uplift = decisions.Select(d => d.Candidates.ToDictionary(c => c.ActionType, c => c.Uplift, StringComparer.Ordinal)).ToArray();
        // The reward model predicts the recommendation's effect: the recorded uplift, times the share of
        // the action's recommendations that CSMs put in effect (the intent-to-treat reading of the log),
        // over the decision's own outcome window (shorter than 90 days when it ended at the renewal).
        double Model(int i, string? a) => RetentionRewardModel.Predict(decisions[i].ChurnProbability,
            a is null || !uplift[i].TryGetValue(a, out var u) ? 0 : u * rates.GetValueOrDefault(a, 1), decisions[i].HorizonShare);
        string?[] actions = [null, .. decisions.SelectMany(d => d.Candidates.Select(c => c.ActionType)).Concat(decisions.Select(d => d.LoggedAction).OfType<string>())
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

        OffPolicyEstimate? noActionDr = null;
        var result = new List<StrategyEstimate>();
        foreach (var strategy in strategies)
        {
            var choices = decisions.Select(d => strategy.Choose(d, settings)).ToArray();
            double Target(int i, string? a) => choices[i].Action == a ? 1 : 0;
            // The logging policy is the ε-greedy draw itself, not "repeat what was drawn": valued on its own
            // log every weight π/μ is 1, so each estimator is the on-policy mean (the sanity line).
            var own = strategy.Name == OffPolicyStrategy.Logged ? onPolicy : logs;
            var dr = OffPolicyEvaluator.DoublyRobust(own, Target, Model, actions);
            if (strategy.Name == OffPolicyStrategy.NoAction)
                noActionDr = dr;
            var increment = OffPolicyEstimate.Difference("dr_incremental", dr, noActionDr ?? OffPolicyEvaluator.DoublyRobust(logs, (_, a) => a is null ? 1 : 0, Model, actions));
            result.Add(new StrategyEstimate(strategy.Name,
                OffPolicyFigure.Of(OffPolicyEvaluator.Ips(own, Target)),
                OffPolicyFigure.Of(OffPolicyEvaluator.SelfNormalisedIps(own, Target)),
                OffPolicyFigure.Of(dr),
                OffPolicyFigure.Of(increment),
                choices.Count(c => c.Action is not null),
                decisions.Select((d, i) => choices[i].Action == d.LoggedAction).Count(x => x),
                choices.Count(c => c.Rescored)));
        }
        return result;
    }

    /// <summary>Per action type, the share of decisions recommending it that were in effect at the outcome (all recommendations together for a type never recommended).</summary>
    internal static Dictionary<string, double> ApplyRates(IReadOnlyList<LoggedAccountDecision> decisions)
    {
        var acting = decisions.Where(d => d.LoggedAction is not null).ToList();
        var rates = acting.GroupBy(d => d.LoggedAction!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(d => d.Treated) / (double)g.Count(), StringComparer.Ordinal);
        var overall = acting.Count == 0 ? 1 : acting.Count(d => d.Treated) / (double)acting.Count;
        foreach (var type in decisions.SelectMany(d => d.Candidates).Select(c => c.ActionType).Distinct(StringComparer.Ordinal))
            rates.TryAdd(type, overall);
        return rates;
    }

    private static string? NotEnough(DecisionLogCounts c)
    {
        var left = string.Create(CultureInfo.InvariantCulture,
            $"{c.LabelledRows} labelled rows from {c.AccountDecisions} account-decisions in the window; left out: {c.Holdout} holdout, {c.PersonChoices} a CSM's own choice, {c.WithoutPropensity} without a usable logged choice, {c.SeveralChosen} with several actions chosen");
        if (c.Usable == 0)
            return c.LabelledRows == 0
                ? "Not enough labelled explored decisions yet: no decision in this window has an observed outcome. Outcomes are recorded at each decision's horizon (90 days, or the renewal if sooner), so decisions of the last 90 days cannot count yet."
                : $"Not enough labelled explored decisions yet: none of the engine's decisions with a logged propensity has an outcome ({left}).";
        if (c.Explored == 0)
            return $"Not enough labelled explored decisions yet: none of the {c.Usable} usable decisions was an exploration draw, so strategies that differ from the logging policy rest on its greedy choices alone ({left}).";
        if (c.Usable < MinDecisions)
            return $"Not enough labelled explored decisions yet: {c.Usable} usable decisions ({c.Explored} explored); the intervals need at least {MinDecisions} ({left}).";
        return null;
    }
}
