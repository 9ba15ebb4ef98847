namespace ActionPlane.Web.Features.Admin;

/// <summary>
/// A service account's API token as stored: who it acts as (roles, optional scopes), until when, and
/// a SHA-256 hash of its secret — never the secret, which is shown once when it is created.
/// </summary>
public sealed record ServiceToken
{
    public Guid Id { get; init; }
    public required string Name { get; init; }
    public required IReadOnlyList<string> Roles { get; init; }
    /// <summary>Operations the token is limited to; empty means whatever its roles allow.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];
    public required string SecretHash { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? RevokedBy { get; init; }
    /// <summary>When it was last used, to the minute.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>The actor id its calls are recorded under.</summary>
    public string ActorId => $"service:{Id:N}";

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}
