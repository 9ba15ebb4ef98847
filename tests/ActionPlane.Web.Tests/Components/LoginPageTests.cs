using ActionPlane.Web.Auth;
using ActionPlane.Web.Components.Pages;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Components;

public sealed class LoginPageTests : MudTestContext
{
    private IRenderedComponent<Login> RenderLogin(string url, bool demoUsers)
    {
        var users = new UserDirectory();
        if (demoUsers)
            users.Add(DemoUsers.Csm, DemoUsers.Password);
        Services.AddSingleton(users);
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        return Render<Login>();
    }

    [Fact]
    public void Form_PostsEmailPasswordAndReturnUrl_ToTheSignInEndpoint()
    {
        var cut = RenderLogin("/login?returnUrl=%2Fcsm", demoUsers: false);

        var form = cut.Find("form[data-testid=login-form]");
        form.GetAttribute("action").Should().Be("/account/login");
        form.GetAttribute("method").Should().Be("post");
        cut.Find("input[name=email]").Should().NotBeNull();
        cut.Find("input[name=password]").GetAttribute("type").Should().Be("password");
        cut.Find("input[name=returnUrl]").GetAttribute("value").Should().Be("/csm");
        cut.FindAll("[data-testid=login-error]").Should().BeEmpty();
    }

    [Fact]
    public void Error_IsShown_AfterAFailedSignIn()
    {
        var cut = RenderLogin("/login?error=1", demoUsers: false);

        cut.Find("[data-testid=login-error]").TextContent.Should().Contain("incorrect");
    }

    [Fact]
    public void DemoUsers_AreListed_OnlyWhenTheyExist()
    {
        RenderLogin("/login", demoUsers: true).Find("[data-testid=demo-users]").TextContent.Should().Contain("csm@demo.local");
    }

    [Fact]
    public void DemoUsers_AreNotListed_OutsideTheDemoSetup()
    {
        RenderLogin("/login", demoUsers: false).FindAll("[data-testid=demo-users]").Should().BeEmpty();
    }

    [Fact]
    public void Oidc_IsOffered_OnlyWhenConfigured_AndKeepsTheReturnUrl()
    {
        Services.AddSingleton(new OidcSettings(new Uri("https://login.example.com"), "app", "secret", "roles", "Acme SSO"));

        var cut = RenderLogin("/login?returnUrl=%2Faudit", demoUsers: false);

        var button = cut.Find("[data-testid=login-oidc]");
        button.TextContent.Should().Contain("Sign in with Acme SSO");
        button.GetAttribute("href").Should().Be("/account/login/oidc?returnUrl=%2Faudit");
    }

    [Fact]
    public void Oidc_IsNotOffered_WhenNotConfigured() =>
        RenderLogin("/login", demoUsers: false).FindAll("[data-testid=login-oidc]").Should().BeEmpty();
}
