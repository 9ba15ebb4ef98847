using Microsoft.AspNetCore.Authorization;

namespace ActionPlane.Web.Auth.Authz;

/// <summary>"The caller may do <see cref="Operation"/>", decided by <c>data.actionplane.authz</c>.</summary>
public sealed record OperationRequirement(string Operation) : IAuthorizationRequirement
{
    /// <summary>A policy that requires a signed-in caller whom the Rego bundle lets do <paramref name="operation"/>.</summary>
    public static AuthorizationPolicy Policy(string operation) =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new OperationRequirement(operation)).Build();
}
