using ActionPlane.Web.Components.Pages;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Components;

public sealed class NotFoundPageTests : MudTestContext
{
    [Fact]
    public void SaysNothingIsHere_AndLeadsToTheUsersMainPage()
    {
        var cut = Render<NotFound>();

        cut.Find("[data-testid=not-found]").TextContent.Should().Contain("nothing at this address");
        cut.Find("[data-testid=not-found-home]").GetAttribute("href").Should().Be("/");
    }
}
