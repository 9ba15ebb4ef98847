namespace ActionPlane.Engine.Data;

/// <summary>What the demo seeder generates; the defaults are the product's demo tenant.</summary>
public sealed record DemoSeedOptions
{
    public int Accounts { get; init; } = 300;
    public int Seed { get; init; } = 42;
    /// <summary>The day signals end and scores are computed as of; today (from the TimeProvider) when null.</summary>
    public DateOnly? AsOf { get; init; }
    /// <summary>Accounts in the synthetic historical cohort the first churn model is trained on.</summary>
    public int TrainingAccounts { get; init; } = 2000;
    public string CsmOwner { get; init; } = "csm@demo.local";
    public string DemoEndUserEmail { get; init; } = "enduser@demo.local";
}
