namespace ActionPlane.Engine.Models;

/// <summary>
/// How to train a churn model; the defaults suit a few thousand accounts. Stumps (2 leaves) because the
/// churn hazard is additive in the log-odds over drivers that each show in their own features: deeper
/// trees fit noise (measured for `train churn` in docs/benchmarks.md, "Churn defaults").
/// </summary>
public sealed record ChurnTrainingOptions
{
    public required ModelVersion Version { get; init; }
    /// <summary>Seeds the MLContext, LightGBM and the split, so training is reproducible.</summary>
    public int Seed { get; init; } = 42;
    public int Trees { get; init; } = 600;
    public int Leaves { get; init; } = 2;
    public double LearningRate { get; init; } = 0.03;
    public int MinExamplesPerLeaf { get; init; } = 20;
    /// <summary>Share of each class used to fit the trees; the rest is split evenly into calibration and test.</summary>
    public double TrainFraction { get; init; } = 0.6;
}
