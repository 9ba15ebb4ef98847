using ActionPlane.Web.Auth.Authz;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace ActionPlane.Web.Auth;

/// <summary>How endpoints get their operation: <c>.RequireOperation("replay")</c>, or <see cref="OperationMap"/>.</summary>
public static class OperationConventions
{
    /// <summary>Requires a signed-in caller whom <c>data.actionplane.authz</c> lets do <paramref name="operation"/>.</summary>
    public static TBuilder RequireOperation<TBuilder>(this TBuilder builder, string operation) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        builder.WithMetadata(new OperationMetadata(operation));
        builder.RequireAuthorization(OperationRequirement.Policy(operation));
        return builder;
    }

    /// <summary>
    /// After every other convention of the endpoints under <paramref name="builder"/>: an endpoint
    /// with an operation (named or from <see cref="OperationMap"/>) is authorized by the Rego bundle
    /// alone — its role-list policies are dropped, since the bundle now says who may — and one without
    /// keeps what it had. Anonymous endpoints stay anonymous.
    /// </summary>
    public static TBuilder AuthorizeOperations<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<IAllowAnonymous>().Any() || OperationMap.Find(endpoint) is not { } operation)
                return;
            for (var i = endpoint.Metadata.Count - 1; i >= 0; i--)
            {
                if (endpoint.Metadata[i] is AuthorizationPolicy policy && IsRoleList(policy))
                    endpoint.Metadata.RemoveAt(i);
            }
            if (!endpoint.Metadata.OfType<OperationMetadata>().Any())
                endpoint.Metadata.Add(new OperationMetadata(operation));
            // Already decided by a named page policy or .RequireOperation: do not ask the bundle twice.
            var decided = endpoint.Metadata.OfType<AuthorizationPolicy>()
                    .Any(p => p.Requirements.OfType<OperationRequirement>().Any(r => r.Operation == operation))
                || endpoint.Metadata.OfType<IAuthorizeData>()
                    .Any(a => a.Policy is { } name && OperationMap.Policies.TryGetValue(name, out var named) && named == operation);
            if (!decided)
                endpoint.Metadata.Add(OperationRequirement.Policy(operation));
        });
        return builder;
    }

    private static bool IsRoleList(AuthorizationPolicy policy) =>
        policy.Requirements.All(r => r is RolesAuthorizationRequirement or DenyAnonymousAuthorizationRequirement);
}
