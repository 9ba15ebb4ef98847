using ActionPlane.Web.Auth;
using ActionPlane.Web.Components.Layout;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Components;

public sealed class NavLinksTests : MudTestContext
{
    private string[] LinksFor(params string[] roles)
    {
        SignedInAs.Register(Services, new AppUser("u", "u@demo.local", "U", roles));
        var cut = Render<NavLinks>();
        return [.. cut.FindAll("a").Select(a => a.GetAttribute("href")!)];
    }

    [Fact]
    public void Csm_SeesOnlyTheCsmConsole() =>
        LinksFor(Roles.Csm).Should().Equal("/csm");

    [Fact]
    public void ApproverWithCsmRole_SeesConsoleAndApprovals() =>
        LinksFor(Roles.Approver, Roles.Csm).Should().BeEquivalentTo(["/csm", "/approvals"]);

    [Fact]
    public void Reviewer_SeesOnlyTheGovernancePages() =>
        LinksFor(Roles.Reviewer).Should().Equal("/audit", "/audit/policies", "/audit/models", "/audit/parity", "/audit/metrics");

    [Fact]
    public void EndUser_SeesOnlyTheirNudgesAndPreferences() =>
        LinksFor(Roles.EndUser).Should().Equal("/nudges", "/preferences");

    [Fact]
    public void Admin_SeesGovernanceApprovalsConsoleAndServiceTokens() =>
        LinksFor(Roles.Admin).Should().BeEquivalentTo(["/csm", "/approvals", "/audit", "/audit/policies", "/audit/models", "/audit/parity", "/audit/metrics", "/admin/tokens"]);
}
