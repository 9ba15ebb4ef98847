using Microsoft.AspNetCore.Authorization;

namespace ActionPlane.Web.Auth.Authz;

/// <summary>One reason the authorization policy gave for refusing: its rule and a sentence for the caller.</summary>
public sealed record AuthzRule(string Rule, string Message);

/// <summary>Why <see cref="OperationAuthorizationHandler"/> refused, carried to the 403 problem details.</summary>
public sealed class AuthzDenial(IAuthorizationHandler handler, string operation, IReadOnlyList<AuthzRule> rules)
    : AuthorizationFailureReason(handler, string.Join(" ", rules.Select(r => r.Message)))
{
    public string Operation { get; } = operation;
    public IReadOnlyList<AuthzRule> Rules { get; } = rules;
}
