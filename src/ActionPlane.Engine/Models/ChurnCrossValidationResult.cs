namespace ActionPlane.Engine.Models;

/// <summary>Result of stratified k-fold cross-validation of the gradient-boosted churn model.</summary>
/// <param name="FoldRocAucs">Test ROC-AUC of each fold.</param>
/// <param name="OutOfFold">Every row's probability from the fold model that did not see it.</param>
/// <param name="FoldTrees">Trees in each fold's model (fewer than asked for when early stopping ended it).</param>
/// <param name="FoldPrAucs">Test PR-AUC of each fold.</param>
/// <param name="FoldBriers">Test Brier score of each fold.</param>
public sealed record ChurnCrossValidationResult(
    IReadOnlyList<double> FoldRocAucs,
    double RocAuc, double RocAucStd, double PrAuc, double Brier, double Ece,
    int Rows, double PositiveRate, int Folds, IReadOnlyList<double> OutOfFold, double Seconds, IReadOnlyList<int> FoldTrees,
    IReadOnlyList<double> FoldPrAucs, IReadOnlyList<double> FoldBriers);
