using System.Security.Claims;

namespace ActionPlane.Web.Auth;

/// <summary>Where each persona lands after signing in: the page of their main job.</summary>
public static class HomeRoutes
{
    /// <summary>
    /// The most specific role decides: approvers usually hold the CSM role too (the demo's does), yet
    /// their job is the approvals queue; reviewers and admins start at the audit log; CSMs at their
    /// console; end users at their tips.
    /// </summary>
    public static string For(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Approver) ? "/approvals"
        : user.IsInRole(Roles.Reviewer) || user.IsInRole(Roles.Admin) ? "/audit"
        : user.IsInRole(Roles.Csm) ? "/csm"
        : user.IsInRole(Roles.EndUser) ? "/nudges"
        : "/access-denied";
}
