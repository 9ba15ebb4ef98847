namespace ActionPlane.Web.Tests.Infrastructure;

/// <summary>
/// The app's first start on a tiny demo (10 accounts, 2 history weeks) with the schedulers on, held by a
/// <see cref="LogHold"/> right after the first replayed week; the test looks at it mid-preparation, then releases it.
/// Its own database on the shared cluster.
/// </summary>
public sealed class PreparingAppFixture : ActionPlaneAppFixture
{
    public const int Weeks = 2;

    public LogHold Held { get; } = new($"history: week 1/{Weeks},");

    protected override LogHold Hold => Held;

    protected override bool WaitsForTheDemo => false;

    protected override string? Database => "preparing";

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["ActionPlane:Demo:Accounts"] = "10",
        ["ActionPlane:Demo:HistoryWeeks"] = Weeks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ActionPlane:Demo:CsmAppliesPerWeek"] = "3",
        // On, so the test sees that none of them starts before the demo is ready.
        ["ActionPlane:DecisionRun:Enabled"] = "true",
        ["ActionPlane:Autopilot:Enabled"] = "true",
        ["ActionPlane:Retraining:Enabled"] = "true",
    };
}

/// <summary>The first start whose demo preparation fails at its first step (an error injected through the log).</summary>
public sealed class FailingPreparationAppFixture : ActionPlaneAppFixture
{
    public LogHold Failure { get; } = new("Generating demo tenant", throws: true);

    protected override LogHold Hold => Failure;

    protected override bool WaitsForTheDemo => false;

    protected override string? Database => "preparing-fails";

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["ActionPlane:Demo:Accounts"] = "10",
        ["ActionPlane:DecisionRun:Enabled"] = "true",
    };
}

/// <summary>Alone, after the parallel collections: the first start trains models and replays, which takes the CPU.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PreparingAppCollection : ICollectionFixture<PreparingAppFixture>
{
    public const string Name = "app-preparing";
}

[CollectionDefinition(Name)]
public sealed class FailingPreparationAppCollection : ICollectionFixture<FailingPreparationAppFixture>
{
    public const string Name = "app-preparation-fails";
}
