using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Api;

/// <summary>The OpenAPI document describes the domain endpoints, so clients and Scalar can call them.</summary>
[Collection(AppCollection.Name)]
public sealed class ApiOpenApiTests(ActionPlaneAppFixture app)
{
    [Theory]
    [InlineData("/api/accounts", "get")]
    [InlineData("/api/accounts/{accountId}/proposals", "post")]
    [InlineData("/api/proposals/{id}", "get")]
    [InlineData("/api/proposals/{id}/simulate", "post")]
    [InlineData("/api/proposals/{id}/approve", "post")]
    [InlineData("/api/proposals/{id}/apply", "post")]
    [InlineData("/api/proposals/{id}/undo", "post")]
    [InlineData("/api/decisions", "get")]
    [InlineData("/api/users/{userId}/nudges", "get")]
    [InlineData("/api/nudges/{id}/feedback", "post")]
    [InlineData("/api/models/{version}/drift", "get")]
    public async Task OpenApi_DescribesEndpoint_WithItsResponses(string path, string method)
    {
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        operation.GetProperty("summary").GetString().Should().NotBeNullOrEmpty();
        var responses = operation.GetProperty("responses");
        responses.TryGetProperty("200", out _).Should().BeTrue();
        responses.TryGetProperty("401", out _).Should().BeTrue();
        responses.TryGetProperty("403", out _).Should().BeTrue();
    }

    [Fact]
    public async Task OpenApi_DriftReport_CarriesTheWeeklyAucAndTheRecentAucDrop()
    {
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var schemas = document.GetProperty("components").GetProperty("schemas");
        schemas.GetProperty("DriftReport").GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().Contain(["weekly", "recentAuc", "aucDrop"]);
        schemas.GetProperty("WeeklyPerformance").GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .Should().Contain(["week", "labelled", "churners", "rocAuc", "prAuc", "ece", "meanPredicted", "observedRate"]);
        schemas.GetProperty("RecentAuc").GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().Contain(["rocAuc", "trainingRocAuc", "drop"]);
    }

    [Fact]
    public async Task OpenApi_DeclaresTheIdempotencyKeyHeader_OnApply()
    {
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var parameters = document.GetProperty("paths").GetProperty("/api/proposals/{id}/apply").GetProperty("post").GetProperty("parameters");
        var header = parameters.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Idempotency-Key");
        header.GetProperty("in").GetString().Should().Be("header");
        header.GetProperty("required").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task OpenApi_NamesTheRolesOfEachEndpoint()
    {
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var approve = document.GetProperty("paths").GetProperty("/api/proposals/{id}/approve").GetProperty("post");
        approve.GetProperty("description").GetString().Should().EndWith("Roles: approver.");
        var decisions = document.GetProperty("paths").GetProperty("/api/decisions").GetProperty("get");
        decisions.GetProperty("description").GetString().Should().EndWith("Roles: reviewer, admin.");
    }
}
