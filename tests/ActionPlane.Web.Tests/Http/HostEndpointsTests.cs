using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActionPlane.Policies;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Http;

[Collection(AppCollection.Name)]
public sealed class HostEndpointsTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Health_IsHealthy_WhenDatabaseAnswers()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/health");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().Should().Be("Healthy");
    }

    // Regression: an unknown page address answered 404 with an empty body, so the browser showed its bare error page.
    [Fact]
    public async Task UnknownPage_Is404_WithTheAppsNotFoundPage_WhileTheApiKeepsProblemDetails()
    {
        using var client = app.CreateClient();

        var page = await client.GetAsync("/no-such-page");
        var api = await client.GetAsync("/api/no-such-endpoint");

        page.StatusCode.Should().Be(HttpStatusCode.NotFound);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await page.Content.ReadAsStringAsync()).Should().Contain("_framework/blazor.web", "the app shell renders the Router's not-found page");
        api.StatusCode.Should().Be(HttpStatusCode.NotFound);
        api.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    // Regression: no icon was linked, so every page load logged "404 /favicon.ico" in the browser console.
    [Fact]
    public async Task Pages_LinkAnIcon_ThatIsServed()
    {
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/login");

        var match = System.Text.RegularExpressions.Regex.Match(html, """<link rel="icon"[^>]* href="([^"]+)""");
        match.Success.Should().BeTrue(html);
        var icon = await client.GetAsync("/" + match.Groups[1].Value.TrimStart('/'));
        icon.StatusCode.Should().Be(HttpStatusCode.OK);
        icon.Content.Headers.ContentType!.MediaType.Should().Be("image/svg+xml");
    }

    [Fact]
    public async Task Health_ReportsTheActivePolicyRevision()
    {
        using var client = app.CreateClient();
        var revision = app.Services.GetRequiredService<IPolicyEngine>().Revision;

        var body = await client.GetFromJsonAsync<JsonElement>("/health");

        var policies = body.GetProperty("checks").GetProperty("policies");
        policies.GetProperty("status").GetString().Should().Be("Healthy");
        policies.GetProperty("data").GetProperty("revision").GetString().Should().Be(revision).And.NotBeNullOrEmpty();
        policies.GetProperty("data").GetProperty("engine").GetString().Should().Be("embedded");
    }

    [Fact]
    public async Task OpenApi_DescribesTheTokenEndpoint_AndTheBearerScheme()
    {
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        document.GetProperty("paths").TryGetProperty("/api/auth/token", out _).Should().BeTrue();
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString().Should().Be("bearer");
    }

    [Fact]
    public async Task Scalar_ServesTheApiReference()
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress };

        var response = await client.GetAsync("/scalar");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("openapi/v1.json");
    }

    [Fact]
    public async Task UnknownApiPath_Gets404Problem()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/no-such-thing");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task MalformedJson_Gets400Problem_NamingTheField()
    {
        using var client = app.CreateClient();
        using var body = new StringContent("""{"email": 42, "password": "demo"}""", Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/auth/token", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().Should().Contain("'email'");
        problem.GetProperty("field").GetString().Should().Be("email");
    }

    [Fact]
    public async Task MissingBody_Gets400Problem_NotServerError()
    {
        using var client = app.CreateClient();
        using var body = new StringContent("", Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/auth/token", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}
