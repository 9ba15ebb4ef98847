namespace ActionPlane.Engine.Tabular;

/// <summary>
/// LightGBM settings for models on users' own tables. The defaults (many shallow trees) suit a few
/// thousand to 100k rows of tabular churn data, where effects are close to additive.
/// </summary>
public sealed record GbmOptions
{
    public int Seed { get; init; } = 42;
    public int Trees { get; init; } = 500;
    public int Leaves { get; init; } = 4;
    public double LearningRate { get; init; } = 0.05;
    public int MinExamplesPerLeaf { get; init; } = 50;
    public double L2Regularization { get; init; } = 1.0;
    public double FeatureFraction { get; init; } = 0.9;
    /// <summary>LightGBM threads; 1 by default because the machine is shared and small data gains little; null = all cores.</summary>
    public int? Threads { get; init; } = 1;
}
