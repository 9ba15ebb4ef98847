using ActionPlane.Web.Auth.Authz;
using ActionPlane.Web.Features.Admin;
using ActionPlane.Web.Features.Embed;
using ActionPlane.Web.Hosting;
using ActionPlane.Web.Http;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace ActionPlane.Web.Auth;

/// <summary>
/// Sign-in and roles: a cookie for the UI, bearer tokens for <c>/api/*</c> (JWTs for people,
/// <c>apt_…</c> service-account tokens), chosen by path so an API caller never gets a login redirect
/// and a browser never needs a token.
/// </summary>
public static class AuthSetup
{
    private const string PathScheme = "ActionPlane";

    public static IServiceCollection AddActionPlaneAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var key = new SymmetricSecurityKey(SecretStore.Resolve(configuration, environment, "ActionPlane:Auth:SigningKey", "jwt-signing"));
        services.AddSingleton(sp => new TokenIssuer(key, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton(_ =>
        {
            var directory = new UserDirectory();
            if (HostingSettings.DemoEnabled(configuration, environment))
                foreach (var user in DemoUsers.All)
                    directory.Add(user, DemoUsers.Password);
            return directory;
        });

        var oidc = OidcSettings.Read(configuration);
        if (oidc is not null)
            services.AddSingleton(oidc);

        var authentication = services.AddAuthentication(PathScheme);
        if (oidc is not null)
            authentication.AddActionPlaneOidc(oidc);
        authentication
            .AddPolicyScheme(PathScheme, "Cookie for the UI, bearer for the API", o =>
                o.ForwardDefaultSelector = context => !context.Request.Path.StartsWithSegments("/api")
                    ? CookieAuthenticationDefaults.AuthenticationScheme
                    : ServiceTokenAuthenticationHandler.BearerOf(context.Request) is not null
                        ? ServiceTokenAuthenticationHandler.SchemeName
                        : JwtBearerDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "actionplane.auth";
                o.Cookie.HttpOnly = true;
                ConfigureSameSite(o.Cookie, EmbedSettings.AllowedOrigins(configuration).Length > 0);
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/access-denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
            })
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = TokenIssuer.Issuer,
                    ValidAudience = TokenIssuer.Audience,
                    IssuerSigningKey = key,
                    NameClaimType = AppUser.NameClaim,
                    RoleClaimType = AppUser.RoleClaim,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                o.Events = new JwtBearerEvents
                {
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                        var detail = context.AuthenticateFailure is null
                            ? "Send a bearer token: POST /api/auth/token with {\"email\",\"password\"}, then 'Authorization: Bearer <access_token>'."
                            : "The bearer token is invalid or has expired; request a new one at POST /api/auth/token.";
                        await Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Authentication required", detail);
                    },
                    OnForbidden = context => Problems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden",
                        $"Your roles ({string.Join(", ", context.Principal?.FindAll(AppUser.RoleClaim).Select(c => c.Value) ?? [])}) do not allow this operation."),
                };
            });
        services.AddAuthorization(AuthPolicies.Register);
        services.AddOperationAuthorization();
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>
    /// Lax keeps the cookie off cross-site requests (a CSRF layer under antiforgery). When host apps
    /// may frame <c>/embed</c>, their frames are cross-site and browsers send only a
    /// <c>SameSite=None</c> cookie there, and accept that only when it is <c>Secure</c> (HTTPS).
    /// </summary>
    private static void ConfigureSameSite(CookieBuilder cookie, bool embeddedCrossSite)
    {
        cookie.SameSite = embeddedCrossSite ? SameSiteMode.None : SameSiteMode.Lax;
        if (embeddedCrossSite)
            cookie.SecurePolicy = CookieSecurePolicy.Always;
    }

    /// <summary>The Rego-decided operation requirement, and 403 problem details naming the deny rule.</summary>
    public static IServiceCollection AddOperationAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<AuthzResource>();
        services.AddSingleton<IAuthorizationHandler, OperationAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, OperationDeniedResultHandler>();
        return services;
    }
}
