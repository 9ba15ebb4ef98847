using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ActionPlane.Web.Auth;

namespace ActionPlane.Web.Tests.Infrastructure;

/// <summary>Clients signed in the way a browser is (the sign-in form, with its antiforgery token), and the demo admin's bearer client.</summary>
internal static partial class CookieClients
{
    /// <summary>A cookie-carrying client signed in through <c>POST /account/login</c>; redirects are not followed.</summary>
    public static async Task<HttpClient> CookieClientAsync(this ActionPlaneAppFixture app, string email, string password = DemoUsers.Password)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = app.BaseAddress,
        };
        var token = await AntiforgeryTokenAsync(client, "/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = "/",
        }));
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().NotContain("error", $"{email} signs in");
        return client;
    }

    /// <summary>The antiforgery token of the form on <paramref name="page"/>.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        token.Should().NotBeEmpty($"the form on {page} carries an antiforgery token");
        return token;
    }

    public static async Task<HttpClient> AdminAsync(this ActionPlaneAppFixture app)
    {
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = DemoUsers.Admin.Email, password = DemoUsers.Password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
