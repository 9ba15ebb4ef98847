namespace ActionPlane.Engine.Tabular;

/// <summary>
/// LightGBM settings for models on users' own tables. The defaults (many stumps: an additive model
/// on the log-odds) suit a few thousand to 100k rows of tabular churn data, where effects are close
/// to additive: on generator seeds 1–3 they cut the gap to the oracle AUC from 0.0209 (500 trees of
/// 4 leaves) to 0.0193, and on the Telco data they are level or better (docs/benchmarks.md, docs/public-data.md).
/// </summary>
public sealed record GbmOptions
{
    public int Seed { get; init; } = 42;
    public int Trees { get; init; } = 1500;
    public int Leaves { get; init; } = 2;
    public double LearningRate { get; init; } = 0.05;
    public int MinExamplesPerLeaf { get; init; } = 50;
    public double L2Regularization { get; init; } = 1.0;
    public double FeatureFraction { get; init; } = 0.9;
    /// <summary>Share of rows each tree sees (LightGBM bagging, redrawn every tree); 1 = all rows.</summary>
    public double SubsampleFraction { get; init; } = 1.0;
    /// <summary>
    /// 0 = off. Otherwise <see cref="Gbm.FitBinary"/> holds out <see cref="ValidationFraction"/> of the
    /// rows it is given (stratified), stops when the held-out log-loss has not improved for this many
    /// trees, and refits on all the rows with the tree count found. It only ever sees its own rows, so
    /// inside cross-validation the test fold stays untouched.
    /// </summary>
    public int EarlyStoppingRounds { get; init; }
    public double ValidationFraction { get; init; } = 0.15;
    /// <summary>LightGBM threads; 1 by default because the machine is shared and small data gains little; null = all cores.</summary>
    public int? Threads { get; init; } = 1;
}
