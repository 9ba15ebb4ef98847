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

    /// <summary>
    /// Weeks of simulated past to replay when the tenant is first generated (<see cref="DemoHistory.DemoHistoryReplay"/>):
    /// the tenant is generated this many weeks before today and the product decides, applies, undoes and observes
    /// outcomes week by week up to today. 0 = no history (the tenant starts today). At least 14 for any outcome to be due.
    /// </summary>
    public int HistoryWeeks { get; init; }

    /// <summary>How many of the week's chosen proposals the simulated CSM applies in a replayed week, best expected value first.</summary>
    public int CsmAppliesPerWeek { get; init; } = 40;
}
