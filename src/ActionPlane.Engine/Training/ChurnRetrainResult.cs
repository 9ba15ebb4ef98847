namespace ActionPlane.Engine.Training;

/// <summary>What one churn retraining run trained (see <see cref="ChurnRetrainer"/>), stored on its <see cref="RetrainRun.Churn"/>.</summary>
/// <param name="Rows">Untreated account-decisions trained on (one row each).</param>
/// <param name="Churned">Of those, how many churned.</param>
/// <param name="TreatedDecisionsLeftOut">Labelled account-decisions left out because an action of theirs was in effect.</param>
/// <param name="CandidateRowsMerged">Labelled rows that were further candidates of a decision already counted (a propose logs several per account).</param>
/// <param name="Metrics">The challenger's held-out metrics (ROC-AUC, PR-AUC, Brier, …) as the registry stores them, with the champion's on the same held-out rows (<c>champion_roc_auc_on_test</c>, <c>champion_brier_on_test</c>) when it could be served.</param>
/// <param name="ChampionVersion">The churn champion the promotion gate compared with, or null when there was none.</param>
/// <param name="PromotionVerdict">What the promotion gate said (null: it may be promoted).</param>
/// <param name="Promoted">The challenger became the champion in the run itself (only with <see cref="ChurnRetrainOptions.PromoteWhenGatePasses"/> and a passing gate).</param>
public sealed record ChurnRetrainResult(
    int Rows,
    int Churned,
    int TreatedDecisionsLeftOut,
    int CandidateRowsMerged,
    string Version,
    bool Registered,
    IReadOnlyDictionary<string, double> Metrics,
    string? ChampionVersion,
    string? PromotionVerdict,
    bool Promoted = false);
