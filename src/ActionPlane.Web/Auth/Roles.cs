namespace ActionPlane.Web.Auth;

/// <summary>The role names carried in cookies and bearer tokens (the <c>role</c> claim).</summary>
public static class Roles
{
    public const string Csm = "csm";
    public const string Approver = "approver";
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";
    public const string EndUser = "end_user";

    public static IReadOnlyList<string> All { get; } = [Csm, Approver, Reviewer, Admin, EndUser];
}
