using System.Net;
using System.Text.RegularExpressions;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Auth;

[Collection(AppCollection.Name)]
public sealed partial class CookieSignInTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Pages_RedirectToLogin_WhenSignedOut()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/csm");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Contain("/login");
    }

    [Fact]
    public async Task SignIn_SetsCookie_ThatOpensOnlyTheRolesPages()
    {
        var (client, token) = await LoginFormAsync();
        using (client)
        {
            var response = await PostLoginAsync(client, token, "reviewer@demo.local", "demo", "/");

            response.StatusCode.Should().Be(HttpStatusCode.Redirect);
            response.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith("actionplane.auth=", StringComparison.Ordinal));
            (await client.GetAsync("/audit")).StatusCode.Should().Be(HttpStatusCode.OK);
            var csm = await client.GetAsync("/csm");
            csm.Headers.Location!.ToString().Should().Contain("/access-denied", "a reviewer has no CSM role");
        }
    }

    [Fact]
    public async Task SignIn_ReturnsToLoginWithError_WhenPasswordIsWrong()
    {
        var (client, token) = await LoginFormAsync();
        using (client)
        {
            var response = await PostLoginAsync(client, token, "csm@demo.local", "wrong", "/csm");

            response.Headers.Location!.ToString().Should().StartWith("/login?error=1");
            response.Headers.Contains("Set-Cookie").Should().BeFalse();
        }
    }

    [Fact]
    public async Task SignIn_IgnoresOffSiteReturnUrl()
    {
        var (client, token) = await LoginFormAsync();
        using (client)
        {
            var response = await PostLoginAsync(client, token, "csm@demo.local", "demo", "//evil.example/steal");

            response.Headers.Location!.ToString().Should().Be("/");
        }
    }

    [Fact]
    public async Task SignIn_IsRefused_WithoutAntiforgeryToken()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "csm@demo.local",
            ["password"] = "demo",
        }));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Headers.Contains("Set-Cookie").Should().BeFalse();
    }

    private async Task<(HttpClient Client, string Token)> LoginFormAsync()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = app.BaseAddress,
        };
        var html = await client.GetStringAsync("/login");
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        token.Should().NotBeEmpty("the sign-in form carries an antiforgery token");
        return (client, token);
    }

    private static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string token, string email, string password, string returnUrl) =>
        client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
