using System.Security.Claims;
using System.Text.Encodings.Web;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Auth.Authz;
using ActionPlane.Web.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ActionPlane.Web.Features.Admin;

/// <summary>
/// Accepts <c>Authorization: Bearer apt_…</c> service tokens on <c>/api</c>. Each use is logged by
/// token id and name — never the bearer string.
/// </summary>
public sealed partial class ServiceTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder, ServiceTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ServiceToken";
    public const string TokenIdClaim = "token_id";

    /// <summary>The bearer string of a request when it is a service token (the path scheme forwards those here).</summary>
    public static string? BearerOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
            return null;
        var value = header[bearer.Length..].Trim();
        return ServiceTokenSecret.LooksLikeOne(value) ? value : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerOf(Request) is not { } bearer)
            return AuthenticateResult.NoResult();
        var (token, refusal) = await tokens.AuthenticateAsync(bearer, Context.RequestAborted);
        if (token is null)
        {
            LogRefused(Logger, Request.Method, Request.Path, refusal!);
            return AuthenticateResult.Fail(refusal!);
        }

        LogUsed(Logger, token.Id, token.Name, Request.Method, Request.Path);
        var claims = new List<Claim>
        {
            new(AppUser.IdClaim, token.ActorId),
            new(AppUser.NameClaim, token.Name),
            new(TokenIdClaim, token.Id.ToString("N")),
        };
        claims.AddRange(token.Roles.Select(r => new Claim(AppUser.RoleClaim, r)));
        claims.AddRange(token.Scopes.Select(s => new Claim(OperationAuthorizationHandler.ScopeClaim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, AppUser.NameClaim, AppUser.RoleClaim));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            $"{failure ?? "The service token is not valid."} Ask an administrator for a new token (/admin/tokens), or use a user token from POST /api/auth/token.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "This service token's roles do not allow this operation.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Service token {TokenId} ({TokenName}) used for {Method} {Path}")]
    private static partial void LogUsed(ILogger logger, Guid tokenId, string tokenName, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service token refused for {Method} {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string reason);
}
