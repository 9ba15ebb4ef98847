using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>
/// One account-decision of the product's log as off-policy evaluation reads it: what the engine knew
/// (the churn probability, the allowed candidates with the values recorded at decision time, the
/// features), what it chose (<see cref="LoggedAction"/>, null = no action) under which arm, whether a
/// person then put that choice in effect, and the retention label of the chosen row.
/// </summary>
public sealed record LoggedAccountDecision(
    Guid ChosenRowId,
    string AccountId,
    DateTimeOffset DecidedAt,
    Arm Arm,
    string? LoggedAction,
    double Propensity,
    bool Retained,
    bool Treated,
    double ChurnProbability,
    IReadOnlyList<RecordedCandidate> Candidates,
    FeatureSnapshot? Features)
{
    /// <summary>The outcome window as a share of the churn model's 90 days (shorter when it ended at the renewal): the reward model scales to it.</summary>
    public double HorizonShare { get; init; } = 1;
}

/// <summary>
/// A candidate the gate allowed, with the numbers arbitration ordered it by when it was logged.
/// <see cref="Rank"/> is its rank within the account (1 = first), which also carries the ranking
/// model's near-tie order (the score itself is not logged).
/// </summary>
public sealed record RecordedCandidate(string ActionType, double Uplift, double StdError, decimal AccountValue, decimal Cost, int Rank)
{
    /// <summary>As arbitration's input, with <paramref name="uplift"/> and <paramref name="stdError"/> when a model re-scored it.</summary>
    public CandidateEstimate ToEstimate(double? uplift = null, double? stdError = null) =>
        // The rank stands in for the ranking score: a lower rank was the higher score.
        new(ActionType, uplift ?? Uplift, stdError ?? StdError, AccountValue, Cost, -Rank);
}
