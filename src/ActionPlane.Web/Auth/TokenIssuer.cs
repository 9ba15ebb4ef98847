using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ActionPlane.Web.Auth;

/// <summary>Issues the HMAC-signed bearer tokens <c>/api/*</c> accepts.</summary>
public sealed class TokenIssuer(SymmetricSecurityKey key, TimeProvider clock)
{
    public const string Issuer = "actionplane";
    public const string Audience = "actionplane-api";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public SymmetricSecurityKey Key { get; } = key;

    public TokenResponse Issue(AppUser user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(user.ToClaims()),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        };
        var token = new JsonWebTokenHandler().CreateToken(descriptor);
        return new TokenResponse(token, "Bearer", (int)Lifetime.TotalSeconds);
    }
}
