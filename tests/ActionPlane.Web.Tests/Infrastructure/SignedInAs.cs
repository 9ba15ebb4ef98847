using System.Security.Claims;
using ActionPlane.Policies;
using ActionPlane.Policies.Opa;
using ActionPlane.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ActionPlane.Web.Tests.Infrastructure;

/// <summary>
/// Signs a bUnit context in with the app's real authorization policies, decided by the real Rego
/// bundle (bUnit's own fake ignores policy definitions, so a policy regression would go unnoticed).
/// </summary>
public sealed class SignedInAs(ClaimsPrincipal user) : AuthenticationStateProvider
{
    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));

    public static void Register(IServiceCollection services, AppUser user)
    {
        services.AddAuthorizationCore(AuthPolicies.Register);
        services.AddLogging();
        services.TryAddSingleton(RepositoryPolicies.Engine);
        services.AddOperationAuthorization();
        // bUnit registers placeholders that throw; the real services replace them.
        services.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
        services.Replace(ServiceDescriptor.Transient<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>());
        services.AddCascadingAuthenticationState();
        services.Replace(ServiceDescriptor.Singleton<AuthenticationStateProvider>(new SignedInAs(user.ToPrincipal("test"))));
    }
}

/// <summary>The policy bundle the build copies next to the tests (the repository's policies/), loaded once.</summary>
public static class RepositoryPolicies
{
    private static readonly Lazy<IPolicyEngine> s_engine = new(() =>
        new PolicyEngineOptions { BundleDirectory = Path.Combine(AppContext.BaseDirectory, "policies"), WatchBundle = false }.CreateEngine());

    public static IPolicyEngine Engine => s_engine.Value;
}
