namespace ActionPlane.Engine.Ranking;

/// <summary>LambdaRank settings; the defaults are LightGBM's lambdarank example.</summary>
public sealed record RankingOptions
{
    public int Seed { get; init; } = 42;
    public int Trees { get; init; } = 100;
    public int Leaves { get; init; } = 31;
    public double LearningRate { get; init; } = 0.1;
    public int MinExamplesPerLeaf { get; init; } = 50;
    public double MinChildWeight { get; init; } = 5.0;
    public int? Threads { get; init; } = 1;
}
