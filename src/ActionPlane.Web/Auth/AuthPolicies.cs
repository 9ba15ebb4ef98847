using ActionPlane.Web.Auth.Authz;
using Microsoft.AspNetCore.Authorization;

namespace ActionPlane.Web.Auth;

/// <summary>
/// Named authorization policies for pages and endpoints: <c>[Authorize(Policy = AuthPolicies.Csm)]</c>
/// or <c>.RequireAuthorization(AuthPolicies.Csm)</c>. Each is one operation of
/// <see cref="OperationMap.Policies"/>, decided by the Rego bundle (<c>data.actionplane.authz</c>).
/// </summary>
public static class AuthPolicies
{
    /// <summary>Works the CSM console: accounts, proposals, simulate, apply, undo.</summary>
    public const string Csm = "csm";
    /// <summary>The approvals inbox.</summary>
    public const string Approver = "approver";
    /// <summary>Reads the decision log, policies and models.</summary>
    public const string Reviewer = "reviewer";
    /// <summary>Sees and answers their own nudges, sets their own preferences.</summary>
    public const string EndUser = "end_user";
    /// <summary>Administers the system: service-account tokens.</summary>
    public const string Admin = "admin";

    internal static void Register(AuthorizationOptions options)
    {
        foreach (var (name, operation) in OperationMap.Policies)
            options.AddPolicy(name, OperationRequirement.Policy(operation));
    }
}
