using ActionPlane.Web.Auth;
using ActionPlane.Web.Components.Pages;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Components;

public sealed class AccessDeniedPageTests : MudTestContext
{
    [Fact]
    public void NamesTheRoles_AndLeadsBackToTheUsersMainPage()
    {
        SignedInAs.Register(Services, new AppUser("r", "r@demo.local", "R", [Roles.Reviewer]));

        var cut = Render<AccessDenied>();

        cut.Find("[data-testid=access-denied]").TextContent.Should().Contain("reviewer");
        cut.Find("[data-testid=go-home]").GetAttribute("href").Should().Be("/audit");
    }

    [Fact]
    public void SaysToAskForARole_WhenTheAccountHasNone()
    {
        SignedInAs.Register(Services, new AppUser("n", "n@example.com", "N", []));

        var cut = Render<AccessDenied>();

        cut.Find("[data-testid=access-denied]").TextContent.Should().Contain("no ActionPlane role");
        cut.FindAll("[data-testid=go-home]").Should().BeEmpty();
    }
}
