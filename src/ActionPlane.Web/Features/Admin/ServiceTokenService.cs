using System.Reflection;
using ActionPlane.Web.Auth;
using Marten;

namespace ActionPlane.Web.Features.Admin;

/// <summary>Creates, lists, revokes and checks service-account tokens, stored in PostgreSQL.</summary>
public sealed partial class ServiceTokenService(IDocumentStore store, TimeProvider clock, ILogger<ServiceTokenService> logger)
{
    public const int DefaultDays = 90;
    public const int MaxDays = 365;
    // Recording every call would write a row per request; once a minute is enough to see a token is in use.
    private static readonly TimeSpan s_useRecordInterval = TimeSpan.FromMinutes(1);

    /// <summary>Every operation name the authorization policy knows (a scope must be one of them).</summary>
    public static IReadOnlySet<string> KnownOperations { get; } = typeof(Operations)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Roles a service account may hold (an end user is a person with their own data, not a service).</summary>
    public static IReadOnlyList<string> ServiceRoles { get; } = [.. Roles.All.Where(r => r != Roles.EndUser)];

    /// <summary>Field name → message for each thing wrong with the request; empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(string? name, IReadOnlyList<string>? roles, IReadOnlyList<string>? scopes, int? expiresInDays)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 80)
            errors["name"] = ["name: required, at most 80 characters (e.g. \"outcome-ingest\")."];
        if (roles is null || roles.Count == 0)
            errors["roles"] = [$"roles: at least one of {string.Join(", ", ServiceRoles)}."];
        else if (roles.FirstOrDefault(r => !ServiceRoles.Contains(r)) is { } badRole)
            errors["roles"] = [$"roles: '{badRole}' is not a service-account role; use {string.Join(", ", ServiceRoles)}."];
        if (scopes?.FirstOrDefault(s => !KnownOperations.Contains(s)) is { } badScope)
            errors["scopes"] = [$"scopes: '{badScope}' is not an operation; use operation names such as {Operations.RecordOutcome} or {Operations.ReadAudit}."];
        if (expiresInDays is { } days && days is < 1 or > MaxDays)
            errors["expiresInDays"] = [$"expiresInDays: between 1 and {MaxDays}, got {days}."];
        return errors;
    }

    /// <summary>Stores a new token and returns it with its bearer string, which is never shown again.</summary>
    public async Task<(ServiceToken Token, string Bearer)> CreateAsync(
        string name, IReadOnlyList<string> roles, IReadOnlyList<string>? scopes, int? expiresInDays, string createdBy, CancellationToken cancellationToken)
    {
        var errors = Validate(name, roles, scopes, expiresInDays);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors.Values.SelectMany(v => v)));
        var id = Guid.CreateVersion7();
        var (bearer, hash) = ServiceTokenSecret.Create(id);
        var now = clock.GetUtcNow();
        var token = new ServiceToken
        {
            Id = id,
            Name = name.Trim(),
            Roles = [.. roles.Distinct(StringComparer.Ordinal)],
            Scopes = [.. (scopes ?? []).Distinct(StringComparer.Ordinal)],
            SecretHash = hash,
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = now.AddDays(expiresInDays ?? DefaultDays),
        };
        await using var session = store.LightweightSession();
        session.Store(token);
        await session.SaveChangesAsync(cancellationToken);
        LogCreated(logger, token.Id, token.Name, createdBy, string.Join(",", token.Roles), token.ExpiresAt);
        return (token, bearer);
    }

    public async Task<IReadOnlyList<ServiceToken>> ListAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var tokens = await session.Query<ServiceToken>().ToListAsync(cancellationToken);
        return [.. tokens.OrderByDescending(t => t.CreatedAt)];
    }

    /// <summary>Revokes the token; false when there is no such token. Revoking twice keeps the first time.</summary>
    public async Task<bool> RevokeAsync(Guid id, string revokedBy, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var token = await session.LoadAsync<ServiceToken>(id, cancellationToken);
        if (token is null)
            return false;
        if (token.RevokedAt is null)
        {
            session.Store(token with { RevokedAt = clock.GetUtcNow(), RevokedBy = revokedBy });
            await session.SaveChangesAsync(cancellationToken);
            LogRevoked(logger, id, token.Name, revokedBy);
        }
        return true;
    }

    /// <summary>The active token the bearer string proves, or null with the reason it was refused.</summary>
    public async Task<(ServiceToken? Token, string? Refusal)> AuthenticateAsync(string bearer, CancellationToken cancellationToken)
    {
        if (!ServiceTokenSecret.TryParse(bearer, out var id, out var secret))
            return (null, "The service token is malformed.");
        await using var session = store.LightweightSession();
        var token = await session.LoadAsync<ServiceToken>(id, cancellationToken);
        if (token is null || !ServiceTokenSecret.Matches(secret, token.SecretHash))
            return (null, "The service token is not valid.");
        var now = clock.GetUtcNow();
        if (token.RevokedAt is not null)
            return (null, $"Service token {id:N} was revoked.");
        if (now >= token.ExpiresAt)
            return (null, $"Service token {id:N} expired at {token.ExpiresAt:u}.");

        if (token.LastUsedAt is null || now - token.LastUsedAt >= s_useRecordInterval)
        {
            session.Store(token with { LastUsedAt = now });
            await session.SaveChangesAsync(cancellationToken);
        }
        return (token, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Service token {TokenId} ({TokenName}) created by {CreatedBy} with roles {Roles}, expires {ExpiresAt:u}")]
    private static partial void LogCreated(ILogger logger, Guid tokenId, string tokenName, string createdBy, string roles, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Service token {TokenId} ({TokenName}) revoked by {RevokedBy}")]
    private static partial void LogRevoked(ILogger logger, Guid tokenId, string tokenName, string revokedBy);
}
