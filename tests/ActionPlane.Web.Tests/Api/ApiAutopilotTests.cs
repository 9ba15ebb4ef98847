using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Api;

/// <summary><c>POST /api/autopilot/run</c> over HTTP: the admin's, returning the run summary; bad input named.</summary>
[Collection(AppCollection.Name)]
public sealed class ApiAutopilotTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Run_ByAnAdmin_Is200WithTheSummary()
    {
        using var admin = app.AdminClient();

        var response = await admin.PostAsJsonAsync("/api/autopilot/run", new { maxApplies = 5 });

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var count in new[] { "considered", "applied", "denied", "skippedByBudget", "alreadyApplied", "failed", "deferred" })
            summary.GetProperty(count).GetInt32().Should().BeGreaterThanOrEqualTo(0, count);
        summary.GetProperty("items").ValueKind.Should().Be(JsonValueKind.Array);
        summary.GetProperty("deniedByRule").ValueKind.Should().Be(JsonValueKind.Object);
        summary.GetProperty("durationMs").GetDouble().Should().BeGreaterThanOrEqualTo(0);
        app.Logs.Lines.Should().Contain(l => l.Contains("Autopilot run: considered " + summary.GetProperty("considered").GetInt32()), "each run's summary is logged");
    }

    [Fact]
    public async Task Run_WithoutABody_UsesTheDefaults()
    {
        using var admin = app.AdminClient();

        var response = await admin.PostAsync("/api/autopilot/run", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public async Task Run_WithMaxAppliesOutOfRange_Is400NamingIt(int maxApplies)
    {
        using var admin = app.AdminClient();

        var response = await admin.PostAsJsonAsync("/api/autopilot/run", new { maxApplies });

        await response.ShouldName400Async("maxApplies");
    }

    [Fact]
    public async Task Run_WithAMalformedBody_Is400_Not500()
    {
        using var admin = app.AdminClient();

        var response = await admin.PostAsync("/api/autopilot/run", new StringContent("{\"maxApplies\": \"many\"}", System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Run_ByACsm_Is403()
    {
        using var csm = await app.CsmAsync();

        var response = await csm.PostAsJsonAsync("/api/autopilot/run", new { });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("rule").GetString().Should().Be("authz.not_permitted");
    }
}
