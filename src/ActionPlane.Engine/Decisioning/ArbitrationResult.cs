namespace ActionPlane.Engine.Decisioning;

/// <summary>
/// The decision for one account: every candidate in rank order (chosen ones first), and the arm and
/// exact propensity of the decision actually made — including the decision to do nothing, which
/// off-policy evaluation needs as much as the actions.
/// </summary>
/// <param name="Propensity">
/// P(the first chosen action, or "no action" when none was chosen) under the ε-greedy policy:
/// (1 − ε)·[it is the greedy choice] + ε / (candidates + 1). Later slots (when more than one action
/// per account is allowed) follow greedily from the first, so this is also the probability of the set.
/// Holdout accounts: 1 (given the holdout, doing nothing is certain).
/// </param>
public sealed record ArbitrationResult(string AccountId, IReadOnlyList<ArbitratedCandidate> Candidates, Arm Arm, double Propensity, bool Holdout)
{
    public IEnumerable<ArbitratedCandidate> Chosen => Candidates.Where(c => c.Chosen);

    /// <summary>The first chosen action type, or null for "no action".</summary>
    public string? ChosenAction => Candidates.FirstOrDefault(c => c.Chosen)?.ActionType;
}
