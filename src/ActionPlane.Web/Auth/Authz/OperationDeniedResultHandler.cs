using ActionPlane.Web.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ActionPlane.Web.Auth.Authz;

/// <summary>
/// Turns an API refusal by the authorization policy into 403 problem details that name the rule
/// and say why; pages keep the cookie's redirect to the access-denied page.
/// </summary>
public sealed class OperationDeniedResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.Request.Path.StartsWithSegments("/api")
            && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<AuthzDenial>().FirstOrDefault() is { } denial)
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", denial.Message, new Dictionary<string, object?>
            {
                ["operation"] = denial.Operation,
                ["rule"] = denial.Rules[0].Rule,
                ["deny"] = denial.Rules.Select(r => new { rule = r.Rule, message = r.Message }).ToArray(),
            });
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
