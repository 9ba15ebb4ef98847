using System.Security.Claims;

namespace ActionPlane.Web.Auth;

/// <summary>Where each persona lands after signing in: the page of their main job.</summary>
public static class HomeRoutes
{
    public static string For(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Csm) ? "/csm"
        : user.IsInRole(Roles.Approver) ? "/approvals"
        : user.IsInRole(Roles.Reviewer) || user.IsInRole(Roles.Admin) ? "/audit"
        : user.IsInRole(Roles.EndUser) ? "/nudges"
        : "/access-denied";
}
