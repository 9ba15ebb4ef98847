using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Api;

/// <summary>
/// Every domain endpoint: 401 without a token, and for each role either let through or 403, as RFC 7807
/// problem details. Calls use ids that do not exist, so an allowed call changes nothing.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ApiAuthorizationTests(ActionPlaneAppFixture app)
{
    private const string NoProposal = "00000000-0000-7000-8000-000000000000";

    /// <summary>Each endpoint as (name, method, path, JSON body or null, Idempotency-Key or null).</summary>
    private static readonly Dictionary<string, (HttpMethod Method, string Path, object? Body, string? Key)> s_endpoints = new()
    {
        ["accounts"] = (HttpMethod.Get, "/api/accounts", null, null),
        ["propose"] = (HttpMethod.Post, "/api/accounts/no-such-account/proposals", null, null),
        ["proposal"] = (HttpMethod.Get, $"/api/proposals/{NoProposal}", null, null),
        ["simulate"] = (HttpMethod.Post, $"/api/proposals/{NoProposal}/simulate", null, null),
        ["request-approval"] = (HttpMethod.Post, $"/api/proposals/{NoProposal}/request-approval", null, null),
        ["approve"] = (HttpMethod.Post, $"/api/proposals/{NoProposal}/approve", null, null),
        ["reject"] = (HttpMethod.Post, $"/api/proposals/{NoProposal}/reject", new { reason = "test" }, null),
        ["apply"] = (HttpMethod.Post, $"/api/proposals/{NoProposal}/apply", null, "authz-test"),
        ["undo"] = (HttpMethod.Post, $"/api/proposals/{NoProposal}/undo", new { rollbackToken = "x" }, null),
        ["decisions"] = (HttpMethod.Get, "/api/decisions", null, null),
        ["export"] = (HttpMethod.Get, "/api/decisions/export?accountId=no-such-account", null, null),
        ["policies"] = (HttpMethod.Get, "/api/policies", null, null),
        ["policy-tests"] = (HttpMethod.Get, "/api/policies/tests", null, null),
        ["models"] = (HttpMethod.Get, "/api/models", null, null),
        ["nudges"] = (HttpMethod.Get, $"/api/users/{DemoUsers.EndUser.Id}/nudges", null, null),
        ["feedback"] = (HttpMethod.Post, "/api/nudges/no-such-nudge/feedback", new { kind = "not_relevant" }, null),
        ["preferences"] = (HttpMethod.Get, $"/api/users/{DemoUsers.EndUser.Id}/preferences", null, null),
        // An invalid frequency: the end user gets 422 and the shared demo user's preferences stay as they are.
        ["preferences-put"] = (HttpMethod.Put, $"/api/users/{DemoUsers.EndUser.Id}/preferences", new { mutedCategories = Array.Empty<string>(), frequency = "authz-test", optedOut = false }, null),
    };

    // Who may call what: C = csm, A = approver (the demo approver also holds csm), R = reviewer, E = end user, D = admin.
    private static readonly Dictionary<string, string> s_allowed = new()
    {
        ["accounts"] = "CAD",
        ["propose"] = "CAD",
        ["proposal"] = "CARD",
        ["simulate"] = "CAD",
        ["request-approval"] = "CAD",
        ["approve"] = "A",
        ["reject"] = "A",
        ["apply"] = "CAD",
        ["undo"] = "CAD",
        ["decisions"] = "RD",
        ["export"] = "RD",
        ["policies"] = "RD",
        ["policy-tests"] = "RD",
        ["models"] = "RD",
        ["nudges"] = "CARED",
        ["feedback"] = "E",
        ["preferences"] = "E",
        ["preferences-put"] = "E",
    };

    public static TheoryData<string> Endpoints() => [.. s_endpoints.Keys];

    public static TheoryData<string, string, bool> Matrix()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var endpoint in s_endpoints.Keys)
            foreach (var role in "CARED")
                data.Add(role.ToString(), endpoint, s_allowed[endpoint].Contains(role));
        return data;
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_Returns401Problem_WithoutToken(string endpoint)
    {
        using var client = app.CreateClient();

        var response = await SendAsync(client, endpoint);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString().Should().Contain("/api/auth/token");
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Endpoint_LetsThroughOnlyItsRoles_OthersGet403Problem(string role, string endpoint, bool allowed)
    {
        using var client = await ClientAsync(role);

        var response = await SendAsync(client, endpoint);

        if (allowed)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().NotBe(HttpStatusCode.Forbidden, body).And.NotBe(HttpStatusCode.Unauthorized, body);
            ((int)response.StatusCode).Should().BeLessThan(500, body);
        }
        else
        {
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            problem.GetProperty("title").GetString().Should().Be("Forbidden");
        }
    }

    [Fact]
    public async Task Reviewer_ReadsTheDecisionLog_ButCannotChangeAnything()
    {
        using var reviewer = await app.ReviewerAsync();

        var log = await reviewer.GetAsync("/api/decisions?take=5");
        string[] changes = ["propose", "simulate", "request-approval", "approve", "reject", "apply", "undo", "feedback", "preferences-put"];
        var writes = await Task.WhenAll(changes.Select(endpoint => SendAsync(reviewer, endpoint)));

        log.StatusCode.Should().Be(HttpStatusCode.OK);
        (await log.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("take").GetInt32().Should().Be(5);
        writes.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Forbidden);
    }

    private async Task<HttpClient> ClientAsync(string role) => role switch
    {
        "C" => await app.CsmAsync(),
        "A" => await app.ApproverAsync(),
        "R" => await app.ReviewerAsync(),
        "E" => await app.EndUserAsync(),
        "D" => app.AdminClient(),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "C, A, R, E or D"),
    };

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string endpoint)
    {
        var (method, path, body, key) = s_endpoints[endpoint];
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
