namespace ActionPlane.Engine.Domain;

/// <summary>One account's product usage on one day (a Marten document, id <c>{accountId}:{yyyyMMdd}</c>).</summary>
public sealed record UsageDay
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required DateOnly Day { get; init; }
    public required int ActiveUsers { get; init; }
    public required int Sessions { get; init; }
    public required int SeatsUsed { get; init; }
    public int ReportsEvents { get; init; }
    public int AutomationsEvents { get; init; }
    public int IntegrationsEvents { get; init; }
    public int DashboardsEvents { get; init; }
    public int ApiEvents { get; init; }
    public int MobileEvents { get; init; }

    /// <summary>The feature modules whose events are counted, in a stable order.</summary>
    public static IReadOnlyList<string> Modules { get; } = ["reports", "automations", "integrations", "dashboards", "api", "mobile"];

    /// <summary>Events of one module (a name from <see cref="Modules"/>).</summary>
    public int EventsOf(string module) => module switch
    {
        "reports" => ReportsEvents,
        "automations" => AutomationsEvents,
        "integrations" => IntegrationsEvents,
        "dashboards" => DashboardsEvents,
        "api" => ApiEvents,
        "mobile" => MobileEvents,
        _ => throw new ArgumentException($"Unknown module '{module}'.", nameof(module)),
    };

    public static string IdFor(string accountId, DateOnly day) => $"{accountId}:{day:yyyyMMdd}";
}
