namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>
/// The labelled account-decisions of a window that off-policy evaluation can use, and how many were
/// read and left out, by reason (a reviewer must see what the estimate does not rest on).
/// </summary>
public sealed record DecisionLog(
    DateTimeOffset? From,
    DateTimeOffset? To,
    IReadOnlyList<LoggedAccountDecision> Decisions,
    DecisionLogCounts Counts)
{
    /// <summary>
    /// Every labelled decision of the engine in the window, holdout ones included and whether or not it was usable
    /// for the off-policy estimates (a CSM's own proposals excluded): what <see cref="HoldoutComparison"/> compares.
    /// </summary>
    public IReadOnlyList<DecisionOutcome> Outcomes { get; init; } = [];
}

/// <param name="LabelledRows">Training-example rows with a retention label in the window (every candidate of a decision is a row).</param>
/// <param name="AccountDecisions">Distinct account-decisions among them (the engine's and people's).</param>
/// <param name="Usable">Decisions with the engine's choice, a logged propensity in (0, 1] and a label: the rows the estimates rest on.</param>
/// <param name="Explored">Usable decisions whose choice was an ε-draw (arm explore).</param>
/// <param name="NoActionChosen">Usable decisions whose logged choice was to do nothing.</param>
/// <param name="Holdout">Holdout decisions, left out: no strategy may act on a holdout account, so they say nothing about acting.</param>
/// <param name="PersonChoices">A CSM's own proposals, left out: no policy drew them, so they have no propensity.</param>
/// <param name="WithoutPropensity">Engine decisions left out for want of a usable logged choice: the chosen candidate was an open proposal re-used from an earlier run (not logged again), its row has no label yet, or it was logged without a propensity.</param>
/// <param name="SeveralChosen">Engine decisions that chose more than one action (a per-account limit above 1), left out: the estimators value one action per decision.</param>
public sealed record DecisionLogCounts(
    int LabelledRows,
    int AccountDecisions,
    int Usable,
    int Explored,
    int NoActionChosen,
    int Holdout,
    int PersonChoices,
    int WithoutPropensity,
    int SeveralChosen);
