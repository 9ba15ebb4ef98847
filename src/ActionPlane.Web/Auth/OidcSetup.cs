using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ActionPlane.Web.Auth;

/// <summary>Wires <see cref="OidcSettings"/> into authentication: the provider signs people in, the cookie keeps them.</summary>
public static class OidcSetup
{
    public const string ChallengePath = "/account/login/oidc";

    public static AuthenticationBuilder AddActionPlaneOidc(this AuthenticationBuilder builder, OidcSettings settings)
    {
        builder.AddOpenIdConnect(OidcSettings.Scheme, settings.DisplayName, o =>
        {
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.Authority = settings.Authority.ToString();
            o.RequireHttpsMetadata = !settings.Authority.IsLoopback;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            o.MapInboundClaims = false;
            o.SaveTokens = false; // the app never calls the provider's APIs; keep tokens out of the cookie
            o.GetClaimsFromUserInfoEndpoint = false;
            o.Scope.Clear();
            foreach (var scope in new[] { "openid", "profile", "email" })
                o.Scope.Add(scope);
            o.Events.OnTokenValidated = context =>
            {
                context.Principal = ToAppUser(context.Principal!, settings.RoleClaim).ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme);
                return Task.CompletedTask;
            };
        });
        return builder;
    }

    /// <summary>The provider's user as an <see cref="AppUser"/>: its subject, e-mail, name, and those of its roles ActionPlane knows.</summary>
    public static AppUser ToAppUser(ClaimsPrincipal principal, string roleClaim)
    {
        var id = principal.FindFirst("sub")?.Value ?? throw new InvalidOperationException("The identity provider sent no 'sub' claim.");
        var email = principal.FindFirst("email")?.Value ?? principal.FindFirst("preferred_username")?.Value ?? id;
        var name = principal.FindFirst("name")?.Value ?? email;
        var roles = principal.FindAll(roleClaim).SelectMany(c => RoleValues(c.Value)).Where(Roles.All.Contains).Distinct().ToList();
        return new AppUser(id, email, name, roles);
    }

    // Providers send roles as repeated claims, one JSON array, or space/comma-separated text.
    private static IEnumerable<string> RoleValues(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith('['))
        {
            string[]? array = null;
            try
            {
                array = JsonSerializer.Deserialize<string[]>(trimmed);
            }
            catch (JsonException)
            {
            }
            return array ?? [];
        }
        return trimmed.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary><c>GET /account/login/oidc?returnUrl=</c>: starts the provider's sign-in.</summary>
    public static IEndpointRouteBuilder MapOidcChallenge(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ChallengePath, (string? returnUrl) => Results.Challenge(
                new AuthenticationProperties { RedirectUri = AuthEndpoints.IsLocal(returnUrl) ? returnUrl : "/" }, [OidcSettings.Scheme]))
            .AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }
}
