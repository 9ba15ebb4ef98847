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
        LinksFor(Roles.Reviewer).Should().Equal("/audit", "/audit/policies", "/audit/models", "/audit/parity", "/audit/metrics", "/audit/ope");

    [Fact]
    public void EndUser_SeesOnlyTheirNudgesAndPreferences() =>
        LinksFor(Roles.EndUser).Should().Equal("/nudges", "/preferences");

    [Fact]
    public void Admin_SeesGovernanceApprovalsConsoleServiceTokensAndDecisionRuns() =>
        LinksFor(Roles.Admin).Should().BeEquivalentTo(["/csm", "/approvals", "/audit", "/audit/policies", "/audit/models", "/audit/parity", "/audit/metrics", "/audit/ope", "/admin/tokens",
            "/admin/decision-runs"]);

    [Fact]
    public void EveryLink_KeepsItsName_WhenNarrowScreensShowOnlyIcons()
    {
        SignedInAs.Register(Services, new AppUser("u", "u@demo.local", "U", [Roles.Admin]));
        var cut = Render<NavLinks>();

        // Below 1280 px app.css hides .nav-label; the name must survive as tooltip and accessible name.
        foreach (var link in cut.FindAll("a"))
        {
            var label = link.QuerySelector(".nav-label")!.TextContent.Trim();
            label.Should().NotBeEmpty();
            link.GetAttribute("aria-label").Should().Be(label);
            link.GetAttribute("title").Should().Be(label);
        }
    }
}
