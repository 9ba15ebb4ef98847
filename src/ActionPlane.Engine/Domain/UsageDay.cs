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

    /// <summary>
    /// A generated day (the tenant generator and the closed-loop world): <paramref name="events"/>
    /// holds six module counts in the generators' order — reports, dashboards, automations,
    /// integrations, mobile, api.
    /// </summary>
    public static UsageDay Generated(string accountId, DateOnly day, int activeUsers, int sessions, int seatsUsed, IReadOnlyList<int> events) => new()
    {
        Id = IdFor(accountId, day),
        AccountId = accountId,
        Day = day,
        ActiveUsers = activeUsers,
        Sessions = sessions,
        SeatsUsed = seatsUsed,
        ReportsEvents = events[0],
        DashboardsEvents = events[1],
        AutomationsEvents = events[2],
        IntegrationsEvents = events[3],
        MobileEvents = events[4],
        ApiEvents = events[5],
    };
}
