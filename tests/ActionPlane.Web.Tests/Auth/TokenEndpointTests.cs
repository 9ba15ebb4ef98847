using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Auth;

[Collection(AppCollection.Name)]
public sealed class TokenEndpointTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Token_IsIssued_ForDemoUser_AndCarriesTheirRoles()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = "approver@demo.local", password = "demo" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("token_type").GetString().Should().Be("Bearer");
        body.GetProperty("expires_in").GetInt32().Should().BePositive();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("access_token").GetString());
        var me = await client.GetFromJsonAsync<MeResponse>("/api/me");
        me!.Email.Should().Be("approver@demo.local");
        me.Roles.Should().BeEquivalentTo([Roles.Approver, Roles.Csm]);
    }

    [Fact]
    public async Task Token_IsRefused_WithProblem_WhenPasswordIsWrong()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = "csm@demo.local", password = "not-demo" });

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().Should().Contain("email or password is incorrect");
    }

    [Fact]
    public async Task Token_IsRefused_NamingTheMissingFields()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = "csm@demo.local" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty("password", out _).Should().BeTrue();
        problem.GetProperty("errors").TryGetProperty("email", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Api_Returns401Problem_WithoutToken()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/me");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Contain("Bearer");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().Should().Contain("/api/auth/token");
    }

    [Fact]
    public async Task Api_Returns401Problem_ForTamperedToken()
    {
        using var client = await app.CreateClientAsync("csm@demo.local");
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        // Flip one character of the signature: the claims still parse, the signature no longer matches.
        var tampered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tampered);

        var response = await client.GetAsync("/api/me");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().Should().Contain("invalid or has expired");
    }

    [Fact]
    public async Task Api_DoesNotAcceptTheUiCookie()
    {
        // A cookie-only browser session must not be able to call the API: the API is bearer-only.
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", "actionplane.auth=forged");

        var response = await client.GetAsync("/api/me");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
