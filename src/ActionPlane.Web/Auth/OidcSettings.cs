using ActionPlane.Web.Hosting;

namespace ActionPlane.Web.Auth;

/// <summary>
/// Sign-in through an organisation's OpenID Connect provider (<c>ActionPlane:Auth:Oidc:*</c>):
/// the authorization code flow with PKCE; the provider's role claim (<see cref="RoleClaim"/>) carries
/// ActionPlane's role names. Off when no Authority is set.
/// </summary>
public sealed record OidcSettings(Uri Authority, string ClientId, string ClientSecret, string RoleClaim, string DisplayName)
{
    public const string Section = "ActionPlane:Auth:Oidc";
    public const string Scheme = "oidc";
    public const string DefaultRoleClaim = "roles";

    /// <summary>The settings, null when OIDC is not configured; names the setting that is wrong.</summary>
    /// <exception cref="StartupConfigurationException">Part of the configuration is missing or invalid.</exception>
    public static OidcSettings? Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var authority = section["Authority"];
        var clientId = section["ClientId"];
        var clientSecret = section["ClientSecret"];
        if (string.IsNullOrWhiteSpace(authority) && string.IsNullOrWhiteSpace(clientId) && string.IsNullOrWhiteSpace(clientSecret))
            return null;
        if (string.IsNullOrWhiteSpace(authority))
            throw new StartupConfigurationException($"{Section}:Authority is required when OIDC is configured (the issuer URL, e.g. https://login.example.com/realms/acme).");
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
            throw new StartupConfigurationException($"{Section}:Authority must be an absolute https URL (http only on loopback), got '{authority}'.");
        if (string.IsNullOrWhiteSpace(clientId))
            throw new StartupConfigurationException($"{Section}:ClientId is required when OIDC is configured.");
        if (string.IsNullOrWhiteSpace(clientSecret))
            throw new StartupConfigurationException($"{Section}:ClientSecret is required when OIDC is configured (set it from a secret store or environment variable, not appsettings.json).");
        var roleClaim = section["RoleClaim"] is { Length: > 0 } claim ? claim : DefaultRoleClaim;
        var name = section["DisplayName"] is { Length: > 0 } display ? display : "your organisation's sign-in";
        return new OidcSettings(url, clientId, clientSecret, roleClaim, name);
    }

    public override string ToString() => $"OidcSettings {{ Authority = {Authority}, ClientId = {ClientId}, RoleClaim = {RoleClaim} }}"; // never the secret
}
