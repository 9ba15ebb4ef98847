namespace ActionPlane.Engine.Decisioning;

/// <summary>
/// One candidate after arbitration: its value, its place in the account's order, whether it was
/// chosen and why not, and how (arm and propensity of the account's decision).
/// </summary>
/// <param name="Rank">1-based position within the account, by expected value, near-ties by ranking score.</param>
/// <param name="Chosen">Picked for this account (applied unless <paramref name="SuggestOnly"/>).</param>
/// <param name="Arm">How the account's decision was made.</param>
/// <param name="Propensity">Probability the policy had of making this account's decision (see <see cref="ArbitrationResult.Propensity"/>); 0 for candidates not chosen.</param>
/// <param name="SuggestOnly">Chosen, but the weekly budget is spent: show it to a person, never auto-apply.</param>
/// <param name="DroppedBecause">Why it was not chosen: <c>holdout</c>, <c>not_worth_it</c>, <c>max_actions</c>, <c>diversity</c>, <c>not_drawn</c>; null when chosen.</param>
public sealed record ArbitratedCandidate(
    CandidateEstimate Candidate,
    ValueBreakdown Value,
    int Rank,
    bool Chosen,
    Arm Arm,
    double Propensity,
    bool SuggestOnly,
    string? DroppedBecause)
{
    public string ActionType => Candidate.ActionType;
    public decimal ExpectedValue => Value.Expected;
}
