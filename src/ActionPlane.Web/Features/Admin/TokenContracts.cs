namespace ActionPlane.Web.Features.Admin;

/// <summary>The body of <c>POST /api/admin/tokens</c>.</summary>
public sealed record CreateTokenRequest(string? Name, IReadOnlyList<string>? Roles, IReadOnlyList<string>? Scopes, int? ExpiresInDays);

/// <summary>A service token as listed: everything but the secret.</summary>
public sealed record TokenResponse(
    Guid Id, string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes, string ActorId,
    string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, string Status)
{
    public static TokenResponse From(ServiceToken t, DateTimeOffset now) => new(
        t.Id, t.Name, t.Roles, t.Scopes, t.ActorId, t.CreatedBy, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt,
        t.RevokedAt is not null ? "revoked" : now >= t.ExpiresAt ? "expired" : "active");
}

/// <summary>What <c>POST /api/admin/tokens</c> returns: the token, and its bearer string this once.</summary>
public sealed record CreatedTokenResponse(TokenResponse Token, string Bearer);
