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
}
