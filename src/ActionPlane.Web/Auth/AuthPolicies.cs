using Microsoft.AspNetCore.Authorization;

namespace ActionPlane.Web.Auth;

/// <summary>
/// Named authorization policies shared by pages and API endpoints, so "who may do what" is written
/// once: <c>.RequireAuthorization(AuthPolicies.Csm)</c> or <c>[Authorize(Policy = AuthPolicies.Csm)]</c>.
/// </summary>
public static class AuthPolicies
{
    /// <summary>Works the CSM console: accounts, proposals, simulate, apply, undo.</summary>
    public const string Csm = "csm";
    /// <summary>Approves or rejects consequential actions.</summary>
    public const string Approver = "approver";
    /// <summary>Reads the decision log and trails.</summary>
    public const string Reviewer = "reviewer";
    /// <summary>Sees and answers their own nudges.</summary>
    public const string EndUser = "end_user";

    internal static void Register(AuthorizationOptions options)
    {
        options.AddPolicy(Csm, p => p.RequireRole(Roles.Csm, Roles.Admin));
        options.AddPolicy(Approver, p => p.RequireRole(Roles.Approver, Roles.Admin));
        options.AddPolicy(Reviewer, p => p.RequireRole(Roles.Reviewer, Roles.Admin));
        options.AddPolicy(EndUser, p => p.RequireRole(Roles.EndUser));
    }
}
