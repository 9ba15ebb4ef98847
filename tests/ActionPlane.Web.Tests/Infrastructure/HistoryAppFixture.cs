namespace ActionPlane.Web.Tests.Infrastructure;

/// <summary>
/// The app on a demo tenant with a replayed history (100 accounts, 15 weeks): outcomes, OPE, the autopilot's earned
/// types and churned accounts are there from the start. Its own database on the shared cluster; one per test run,
/// shared through <see cref="HistoryAppCollection"/>.
/// </summary>
public sealed class HistoryAppFixture : ActionPlaneAppFixture
{
    public const int Accounts = 100;
    public const int Weeks = 15;

    protected override string? Database => "history";

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["ActionPlane:Demo:HistoryWeeks"] = Weeks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ActionPlane:Demo:Accounts"] = Accounts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ActionPlane:Demo:CsmAppliesPerWeek"] = "20",
    };
}

/// <summary>
/// Runs after the parallel collections, alone: its replay takes the CPU for a minute or two, which made other
/// collections' browser waits time out when both ran at once.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HistoryAppCollection : ICollectionFixture<HistoryAppFixture>
{
    public const string Name = "app-history";
}
