using System.Net;
using System.Text.RegularExpressions;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Governance;

/// <summary>The governance pages and the audit page's download, signed in with the cookie as each demo persona.</summary>
[Collection(AppCollection.Name)]
public sealed partial class GovernancePagesAccessTests(ActionPlaneAppFixture app)
{
    public static TheoryData<string, bool> Personas() => new()
    {
        { "reviewer@demo.local", true },
        { "csm@demo.local", false },
        { "approver@demo.local", false },
        { "enduser@demo.local", false },
    };

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task GovernancePages_OpenForReviewers_OthersAreSentToAccessDenied(string email, bool allowed)
    {
        using var client = await SignInAsync(email);

        foreach (var path in new[] { "/audit/policies", "/audit/models", "/audit/parity", "/audit/metrics", "/audit/export?format=csv&accountId=no-such-account" })
        {
            var response = await client.GetAsync(path);

            if (allowed)
                response.StatusCode.Should().Be(HttpStatusCode.OK, path);
            else
                response.Headers.Location?.ToString().Should().Contain("/access-denied", path);
        }
    }

    [Fact]
    public async Task AuditDownload_RedirectsToLogin_WhenSignedOut()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/audit/export?format=csv");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Contain("/login");
    }

    private async Task<HttpClient> SignInAsync(string email)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        var token = AntiforgeryField().Match(await client.GetStringAsync("/login")).Groups[1].Value;
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["email"] = email,
            ["password"] = "demo",
            ["returnUrl"] = "/",
        }));
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, "the demo sign-in succeeds");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
