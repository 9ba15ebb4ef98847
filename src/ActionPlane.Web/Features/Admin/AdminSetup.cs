using Microsoft.AspNetCore.Authentication;

namespace ActionPlane.Web.Features.Admin;

/// <summary>Service-account tokens: the store, the bearer scheme that accepts them, the admin API.</summary>
public static class AdminSetup
{
    public static IServiceCollection AddActionPlaneAdmin(this IServiceCollection services)
    {
        services.AddSingleton<ServiceTokenService>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ServiceTokenAuthenticationHandler>(ServiceTokenAuthenticationHandler.SchemeName, null);
        return services;
    }
}
