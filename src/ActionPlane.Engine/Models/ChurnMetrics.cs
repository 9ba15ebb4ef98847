namespace ActionPlane.Engine.Models;

/// <summary>Held-out metrics of a churn model and the sizes of its splits.</summary>
public sealed record ChurnMetrics(
    double RocAuc,
    double PrAuc,
    double Brier,
    double LogLoss,
    int TrainCount,
    int CalibrationCount,
    int TestCount,
    double TestPositiveRate,
    double TrainingSeconds)
{
    /// <summary>The metrics by snake_case name; undefined (NaN) ones are left out, as JSON cannot carry them.</summary>
    public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>
    {
        ["roc_auc"] = RocAuc,
        ["pr_auc"] = PrAuc,
        ["brier"] = Brier,
        ["log_loss"] = LogLoss,
        ["train_count"] = TrainCount,
        ["calibration_count"] = CalibrationCount,
        ["test_count"] = TestCount,
        ["test_positive_rate"] = TestPositiveRate,
        ["training_seconds"] = TrainingSeconds,
    }.Where(kv => !double.IsNaN(kv.Value)).ToDictionary();
}
