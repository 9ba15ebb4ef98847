namespace ActionPlane.Engine.Data;

/// <summary>Marten document (id <c>demo</c>) recording how the demo tenant was generated, so later runs score as of the same day.</summary>
public sealed record DemoTenantInfo
{
    public const string DocumentId = "demo";

    public string Id { get; init; } = DocumentId;
    public required int Seed { get; init; }
    public required int Accounts { get; init; }
    /// <summary>The day the signals end (exclusive) and scores are computed as of.</summary>
    public required DateOnly AsOf { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    /// <summary>Weeks of simulated history this tenant was generated with (0: none).</summary>
    public int HistoryWeeks { get; init; }
    /// <summary>The day the replayed history reached (today when it ran); null while it has not finished.</summary>
    public DateOnly? HistoryUntil { get; init; }

    /// <summary>The tenant was generated for a history that has not been replayed to the end (yet, or it was interrupted).</summary>
    public bool HistoryPending => HistoryWeeks > 0 && HistoryUntil is null;
}
