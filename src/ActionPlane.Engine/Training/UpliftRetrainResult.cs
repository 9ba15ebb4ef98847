namespace ActionPlane.Engine.Training;

/// <summary>What one retraining run did for one action type: the challenger it trained (and registered), or why it trained none.</summary>
/// <param name="Version">The challenger's version, or null when nothing was trained.</param>
/// <param name="Metrics">Held-out uplift metrics and the off-policy estimates of challenger and champion (see <see cref="UpliftRetrainer"/>).</param>
/// <param name="PromotionVerdict">What the promotion gate would say (null: it may be promoted); promotion itself stays a separate, explicit step.</param>
public sealed record UpliftRetrainResult(
    string ActionType,
    int Treated,
    int Control,
    string? Version,
    bool Registered,
    IReadOnlyDictionary<string, double> Metrics,
    string? ChampionVersion,
    string? PromotionVerdict,
    string? SkippedBecause);

/// <summary>The record of one retraining run, stored so reviewers see when the loop last learned and from how many rows.</summary>
public sealed record RetrainRun
{
    public Guid Id { get; init; }
    public DateTimeOffset At { get; init; }
    public string By { get; init; } = "";
    public bool Registered { get; init; }
    public IReadOnlyList<UpliftRetrainResult> Results { get; init; } = [];
}

/// <summary>No action type could be retrained: too few labelled rows (the message names the action, the arm and the counts).</summary>
public sealed class RetrainException(string message) : Exception(message);
