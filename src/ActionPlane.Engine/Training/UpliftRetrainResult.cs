namespace ActionPlane.Engine.Training;

/// <summary>What one retraining run did for one action type: the challenger it trained (and registered), or why it trained none.</summary>
/// <param name="Version">The challenger's version, or null when nothing was trained.</param>
/// <param name="Metrics">Held-out uplift metrics and the off-policy estimates of challenger and champion (see <see cref="UpliftRetrainer"/>).</param>
/// <param name="PromotionVerdict">What the promotion gate said (null: it may be promoted).</param>
/// <param name="Promoted">The challenger became the champion in the run itself (only with <see cref="UpliftRetrainOptions.PromoteWhenGatePasses"/> and a passing gate).</param>
public sealed record UpliftRetrainResult(
    string ActionType,
    int Treated,
    int Control,
    string? Version,
    bool Registered,
    IReadOnlyDictionary<string, double> Metrics,
    string? ChampionVersion,
    string? PromotionVerdict,
    string? SkippedBecause,
    bool Promoted = false);

/// <summary>The record of one retraining run, stored so reviewers see when the loop last learned and from how many rows.</summary>
public sealed record RetrainRun
{
    public Guid Id { get; init; }
    public DateTimeOffset At { get; init; }
    public string By { get; init; } = "";
    public bool Registered { get; init; }
    /// <summary><c>manual</c> (the API or CLI), <c>scheduled</c>, <c>calibration_drift</c> or <c>auc_drop</c> (the scheduled loop, early); older runs have none.</summary>
    public string Trigger { get; init; } = "";
    /// <summary>Labelled rows with decision-time features the run read: the next scheduled run counts new labels from here.</summary>
    public int LabelledRows { get; init; }
    /// <summary>Of those, rows recorded by an older version whose feature snapshot lacks features this version builds: not trained on.</summary>
    public int OlderFeatureRows { get; init; }
    public IReadOnlyList<UpliftRetrainResult> Results { get; init; } = [];
    /// <summary>The churn model retrained from the log's untreated decisions, when the run retrained churn (<see cref="ChurnRetrainer"/>); null otherwise.</summary>
    public ChurnRetrainResult? Churn { get; init; }
}

/// <summary>What started a retraining run.</summary>
public static class RetrainTriggers
{
    public const string Manual = "manual";
    public const string Scheduled = "scheduled";
    /// <summary>The churn champion's calibration drifted past the threshold, so the scheduled run did not wait for its interval.</summary>
    public const string CalibrationDrift = "calibration_drift";
    /// <summary>The churn champion's recent ROC-AUC fell more than the threshold below its training ROC-AUC, so the scheduled run did not wait for its interval.</summary>
    public const string AucDrop = "auc_drop";

    /// <summary>Triggers that say the churn model went wrong: the scheduled run then retrains churn from the log too (after uplift).</summary>
    public static bool IsChurnTrigger(string trigger) => trigger is CalibrationDrift or AucDrop;
}

/// <summary>Nothing could be retrained: too few labelled rows (the message names the model, the action or class, and the counts).</summary>
public sealed class RetrainException(string message) : Exception(message);
