using ActionPlane.Engine.Data;

namespace ActionPlane.Web.Auth;

/// <summary>
/// The demo setup's sign-ins (password <c>demo</c>), one per persona; listed in the README. Ids are
/// the ones the demo tenant uses: the CSM owns the accounts by e-mail, and the end user is the
/// seeded <c>EndUser</c> document, so their nudges are theirs.
/// </summary>
public static class DemoUsers
{
    public const string Password = "demo";

    public static AppUser Csm { get; } = new("csm@demo.local", "csm@demo.local", "Casey CSM", [Roles.Csm]);
    public static AppUser Approver { get; } = new("approver@demo.local", "approver@demo.local", "Alex Approver", [Roles.Approver, Roles.Csm]);
    public static AppUser Reviewer { get; } = new("reviewer@demo.local", "reviewer@demo.local", "Robin Reviewer", [Roles.Reviewer]);
    public static AppUser EndUser { get; } = new(DemoTenantSeeder.DemoEndUserId, "enduser@demo.local", "Eli End-User", [Roles.EndUser]);
    public static AppUser Admin { get; } = new("admin@demo.local", "admin@demo.local", "Ada Admin", [Roles.Admin]);

    public static IReadOnlyList<AppUser> All { get; } = [Csm, Approver, Reviewer, EndUser, Admin];
}
