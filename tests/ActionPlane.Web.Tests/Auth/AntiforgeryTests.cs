using System.Net;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Auth;

/// <summary>The form posts outside Blazor (sign-in, sign-out) accept only our own forms' antiforgery token.</summary>
[Collection(AppCollection.Name)]
public sealed class AntiforgeryTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task SignOut_IsRefused_WithoutAntiforgeryToken_AndTheUserStaysSignedIn()
    {
        using var client = await app.CookieClientAsync(DemoUsers.Reviewer.Email);

        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await client.GetAsync("/audit")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignOut_WithTheFormsToken_EndsTheSession()
    {
        using var client = await app.CookieClientAsync(DemoUsers.Reviewer.Email);
        var token = await CookieClients.AntiforgeryTokenAsync(client, "/login");

        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        response.Headers.Location!.ToString().Should().Be("/login");
        (await client.GetAsync("/audit")).Headers.Location!.ToString().Should().Contain("/login");
    }

    [Fact]
    public async Task SignIn_IsRefused_WithAnotherSessionsToken()
    {
        using var other = await app.CookieClientAsync(DemoUsers.Csm.Email);
        var foreign = await CookieClients.AntiforgeryTokenAsync(other, "/login");
        using var victim = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        await CookieClients.AntiforgeryTokenAsync(victim, "/login");

        var response = await victim.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = foreign,
            ["email"] = DemoUsers.Csm.Email,
            ["password"] = DemoUsers.Password,
        }));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
