using System.Text.Json.Serialization;

namespace ActionPlane.Web.Auth;

/// <summary>The body of <c>POST /api/auth/token</c>.</summary>
public sealed record TokenRequest(string? Email, string? Password);

/// <summary>What <c>POST /api/auth/token</c> returns, in OAuth 2.0's snake_case.</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>What <c>GET /api/me</c> returns: the caller as the token describes them.</summary>
public sealed record MeResponse(string Id, string Email, string Name, IReadOnlyList<string> Roles);
