namespace ActionPlane.Engine.Decisioning;

/// <summary>
/// Chooses what to do for one account: values every candidate (<see cref="ExpectedIncrementalValue"/>),
/// orders them, keeps holdout accounts untouched, explores with ε-greedy (exact propensities), applies
/// the per-account limit and diversity, and degrades to suggest-only when the weekly budget is spent.
/// Pure: the only randomness is the <see cref="Random"/> passed in.
/// </summary>
public static class Arbitrator
{
    public static ArbitrationResult Arbitrate(string accountId, IReadOnlyList<CandidateEstimate> candidates, ArbitrationSettings settings,
        BudgetState budget, Random random)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(random);
        settings.Validate();

        var ordered = Order(candidates, settings);
        if (HoldoutAssignment.IsHoldout(accountId, settings))
        {
            var held = ordered.Select((c, i) => new ArbitratedCandidate(c.Candidate, c.Value, i + 1, false, Arm.Holdout, 0, false, "holdout")).ToList();
            return new ArbitrationResult(accountId, held, Arm.Holdout, 1.0, Holdout: true);
        }

        // ε-greedy over the candidates plus "no action" (index -1). The greedy choice is the best
        // candidate when it is worth acting on, otherwise no action.
        var greedy = ordered.Count > 0 && IsWorthActing(ordered[0].Value, settings) ? 0 : -1;
        var options = ordered.Count + 1;
        var explore = settings.Epsilon > 0 && random.NextDouble() < settings.Epsilon;
        var first = explore ? random.Next(options) - 1 : greedy;
        var propensity = (1 - settings.Epsilon) * (first == greedy ? 1 : 0) + settings.Epsilon / options;
        var arm = explore ? Arm.Explore : Arm.Exploit;

        var chosen = new HashSet<int>();
        var dropped = new Dictionary<int, string>();
        if (first >= 0)
        {
            chosen.Add(first);
            // Further slots: greedily, worth acting on, diverse.
            for (var i = 0; i < ordered.Count && chosen.Count < settings.MaxActionsPerAccount; i++)
            {
                if (chosen.Contains(i))
                    continue;
                if (ordered[i].Value.Expected <= settings.MinExpectedValue)
                    continue;
                if (Clashes(ordered[i].Candidate, chosen.Select(c => ordered[c].Candidate), settings))
                {
                    dropped[i] = "diversity";
                    continue;
                }
                chosen.Add(i);
            }
        }

        var result = new List<ArbitratedCandidate>(ordered.Count);
        var remaining = budget;
        foreach (var i in chosen.Order())
        {
            var c = ordered[i];
            var suggestOnly = !remaining.CanAfford(c.Candidate.Cost);
            if (!suggestOnly)
                remaining = remaining.Spend(c.Candidate.Cost);
            result.Add(new ArbitratedCandidate(c.Candidate, c.Value, i + 1, true, arm, propensity, suggestOnly, null));
        }
        for (var i = 0; i < ordered.Count; i++)
        {
            if (chosen.Contains(i))
                continue;
            var reason = dropped.GetValueOrDefault(i)
                ?? (ordered[i].Value.Expected <= settings.MinExpectedValue ? "not_worth_it"
                    : chosen.Count >= settings.MaxActionsPerAccount ? "max_actions" : "not_drawn");
            result.Add(new ArbitratedCandidate(ordered[i].Candidate, ordered[i].Value, i + 1, false, arm, 0, false, reason));
        }
        return new ArbitrationResult(accountId, result, arm, propensity, Holdout: false);
    }

    /// <summary>
    /// Candidates by expected value, best first. Values within <see cref="ArbitrationSettings.TieTolerance"/>
    /// buckets are a near-tie and the ranking score decides; then the action type, so the order is total.
    /// </summary>
    public static List<(CandidateEstimate Candidate, ValueBreakdown Value)> Order(IReadOnlyList<CandidateEstimate> candidates, ArbitrationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(settings);
        return candidates
            .Select(c => (Candidate: c, Value: ExpectedIncrementalValue.Compute(c, settings)))
            .OrderByDescending(c => settings.TieTolerance > 0 ? Math.Floor(c.Value.Expected / settings.TieTolerance) : c.Value.Expected)
            .ThenByDescending(c => c.Candidate.RankScore)
            .ThenByDescending(c => c.Value.Expected)
            .ThenBy(c => c.Candidate.ActionType, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The exploit arm's choice: the best candidate by <see cref="Order"/> when it is worth acting on,
    /// otherwise null (no action). Off-policy evaluation values this rule on re-scored candidates.
    /// </summary>
    public static (CandidateEstimate Candidate, ValueBreakdown Value)? Greedy(IReadOnlyList<CandidateEstimate> candidates, ArbitrationSettings settings)
    {
        var ordered = Order(candidates, settings);
        return ordered.Count > 0 && IsWorthActing(ordered[0].Value, settings) ? ordered[0] : null;
    }

    private static bool IsWorthActing(ValueBreakdown value, ArbitrationSettings settings) => value.Expected > settings.MinExpectedValue;

    private static bool Clashes(CandidateEstimate candidate, IEnumerable<CandidateEstimate> chosen, ArbitrationSettings settings) =>
        chosen.Any(c =>
            (settings.OnePerCategory && c.Category.Length > 0 && c.Category == candidate.Category)
            || (settings.OnePerChannel && c.Channel.Length > 0 && c.Channel == candidate.Channel)
            || c.ActionType == candidate.ActionType);
}
