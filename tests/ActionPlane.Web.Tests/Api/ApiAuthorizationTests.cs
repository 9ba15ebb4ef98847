using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Auth.Authz;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Api;

/// <summary>
/// The authorization matrix: every endpoint the app serves (read from its EndpointDataSource, so a new
/// one cannot be missed) names an operation, and is called with every role and without a token:
/// 401 without, and per role either let through or 403 problem details naming the Rego rule. Calls
/// use ids that do not exist, so an allowed call changes nothing.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ApiAuthorizationTests(ActionPlaneAppFixture app)
{
    private const string NoProposal = "00000000-0000-7000-8000-000000000000";

    /// <summary>How to call each API endpoint, keyed "METHOD route pattern": path, JSON body or null, Idempotency-Key or null.</summary>
    private static readonly Dictionary<string, (string Path, object? Body, string? Key)> s_calls = new()
    {
        ["GET /api/me"] = ("/api/me", null, null),
        ["GET /api/accounts"] = ("/api/accounts", null, null),
        ["POST /api/accounts/{accountId}/proposals"] = ("/api/accounts/no-such-account/proposals", null, null),
        ["GET /api/proposals/{id:guid}"] = ($"/api/proposals/{NoProposal}", null, null),
        ["POST /api/proposals/{id:guid}/simulate"] = ($"/api/proposals/{NoProposal}/simulate", null, null),
        ["POST /api/proposals/{id:guid}/request-approval"] = ($"/api/proposals/{NoProposal}/request-approval", null, null),
        ["POST /api/proposals/{id:guid}/approve"] = ($"/api/proposals/{NoProposal}/approve", null, null),
        ["POST /api/proposals/{id:guid}/reject"] = ($"/api/proposals/{NoProposal}/reject", new { reason = "test" }, null),
        ["POST /api/proposals/{id:guid}/apply"] = ($"/api/proposals/{NoProposal}/apply", null, "authz-test"),
        ["POST /api/proposals/{id:guid}/undo"] = ($"/api/proposals/{NoProposal}/undo", new { rollbackToken = "x" }, null),
        ["GET /api/decisions"] = ("/api/decisions", null, null),
        ["GET /api/decisions/export"] = ("/api/decisions/export?accountId=no-such-account", null, null),
        ["GET /api/policies"] = ("/api/policies", null, null),
        ["GET /api/policies/tests"] = ("/api/policies/tests", null, null),
        ["GET /api/models"] = ("/api/models", null, null),
        ["GET /api/models/{version}/drift"] = ("/api/models/no-such-version/drift", null, null),
        ["GET /api/proposals/{id:guid}/trace"] = ($"/api/proposals/{NoProposal}/trace", null, null),
        ["PUT /api/proposals/{id:guid}/payload"] = ($"/api/proposals/{NoProposal}/payload", new { payload = new { } }, null),
        ["POST /api/decisions/{id:guid}/replay"] = ($"/api/decisions/{NoProposal}/replay", new { revision = "no-such-revision" }, null),
        ["GET /api/policies/revisions"] = ("/api/policies/revisions", null, null),
        ["GET /api/policies/revisions/diff"] = ("/api/policies/revisions/diff?from=no-such&to=no-such", null, null),
        ["GET /api/policies/revisions/{revision}"] = ("/api/policies/revisions/no-such-revision", null, null),
        ["GET /api/governance/parity"] = ("/api/governance/parity", null, null),
        ["GET /api/governance/metrics"] = ("/api/governance/metrics", null, null),
        ["GET /api/governance/ope"] = ("/api/governance/ope", null, null),
        ["POST /api/outcomes"] = ("/api/outcomes", new { proposalId = NoProposal, outcome = "retained" }, null),
        ["DELETE /api/nudges/{id}/feedback"] = ("/api/nudges/no-such-nudge/feedback", null, null),
        ["GET /api/users/{userId}/nudges/hidden"] = ($"/api/users/{DemoUsers.EndUser.Id}/nudges/hidden", null, null),
        ["GET /api/users/{userId}/nudges"] = ($"/api/users/{DemoUsers.EndUser.Id}/nudges", null, null),
        ["POST /api/nudges/{id}/feedback"] = ("/api/nudges/no-such-nudge/feedback", new { kind = "not_relevant" }, null),
        ["GET /api/users/{userId}/preferences"] = ($"/api/users/{DemoUsers.EndUser.Id}/preferences", null, null),
        // An invalid frequency: the end user gets 422 and the shared demo user's preferences stay as they are.
        ["PUT /api/users/{userId}/preferences"] = ($"/api/users/{DemoUsers.EndUser.Id}/preferences", new { mutedCategories = Array.Empty<string>(), frequency = "authz-test", optedOut = false }, null),
        // Invalid bodies: an allowed caller gets 400 and nothing is created.
        ["GET /api/admin/tokens"] = ("/api/admin/tokens", null, null),
        ["POST /api/admin/tokens"] = ("/api/admin/tokens", new { name = "", roles = Array.Empty<string>() }, null),
        ["DELETE /api/admin/tokens/{id:guid}"] = ($"/api/admin/tokens/{NoProposal}", null, null),
        // An unknown action type: an allowed caller gets 400 and nothing is trained or registered.
        ["POST /api/models/uplift/retrain"] = ("/api/models/uplift/retrain", new { actionTypes = new[] { "no_such_action" } }, null),
        // Below the floor: an allowed caller gets 400 and nothing is trained or registered.
        ["POST /api/models/churn/retrain"] = ("/api/models/churn/retrain", new { minRows = 1 }, null),
        // Out of range: an allowed caller gets 400 and nothing is applied.
        ["POST /api/autopilot/run"] = ("/api/autopilot/run", new { maxApplies = 0 }, null),
        // An unknown account: an allowed caller gets 400 and no run starts.
        ["POST /api/decision-runs"] = ("/api/decision-runs", new { accountIds = new[] { "no-such-account" } }, null),
        ["GET /api/decision-runs/latest"] = ("/api/decision-runs/latest", null, null),
    };

    /// <summary>Page routes (cookie sign-in) and the address to open for each.</summary>
    private static readonly Dictionary<string, string> s_pages = new()
    {
        ["/"] = "/",
        ["/access-denied"] = "/access-denied",
        ["/admin/decision-runs"] = "/admin/decision-runs",
        ["/csm"] = "/csm",
        ["/csm/accounts/{Id}"] = "/csm/accounts/no-such-account",
        ["/approvals"] = "/approvals",
        ["/nudges"] = "/nudges",
        ["/preferences"] = "/preferences",
        ["/embed/nudges"] = "/embed/nudges",
        ["/audit"] = "/audit",
        ["/audit/policies"] = "/audit/policies",
        ["/audit/models"] = "/audit/models",
        ["/audit/metrics"] = "/audit/metrics",
        ["/audit/parity"] = "/audit/parity",
        ["/audit/ope"] = "/audit/ope",
        ["/admin/tokens"] = "/admin/tokens",
        // The audit page's download link (cookie, not bearer).
        ["/audit/export"] = "/audit/export?accountId=no-such-account",
    };

    /// <summary>
    /// Who may do each operation — the specification the Rego bundle must meet: C = csm, A = approver
    /// (the demo approver also holds csm), R = reviewer, E = end user, D = admin.
    /// </summary>
    private static readonly Dictionary<string, string> s_allowed = new()
    {
        [Operations.ReadProfile] = "CARED",
        [Operations.ReadAccounts] = "CAD",
        [Operations.Propose] = "CAD",
        [Operations.EditProposal] = "CAD",
        [Operations.Simulate] = "CAD",
        [Operations.RequestApproval] = "CAD",
        [Operations.Apply] = "CAD",
        [Operations.Undo] = "CAD",
        [Operations.Approve] = "A",
        [Operations.Reject] = "A",
        [Operations.Read] = "CARD",
        [Operations.ReadApprovals] = "AD",
        [Operations.ReadAudit] = "RD",
        [Operations.Export] = "RD",
        [Operations.Replay] = "RD",
        [Operations.ReadNudges] = "CARED",
        [Operations.SelfService] = "E",
        [Operations.Dismiss] = "E",
        [Operations.ReadPreferences] = "E",
        [Operations.EditPreferences] = "E",
        [Operations.RecordOutcome] = "D",
        [Operations.TrainModel] = "D",
        [Operations.ManageTokens] = "D",
        [Operations.RunAutopilot] = "D",
        [Operations.RunDecisions] = "D",
    };

    public static TheoryData<string> ApiEndpoints() => [.. s_calls.Keys];

    public static TheoryData<string, string> ApiMatrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in s_calls.Keys)
            foreach (var role in "CARED")
                data.Add(role.ToString(), endpoint);
        return data;
    }

    public static TheoryData<string, string> PageMatrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in s_pages.Keys)
            foreach (var role in "CARED")
                data.Add(role.ToString(), page);
        return data;
    }

    [Fact]
    public void EveryEndpoint_NamesAnOperation_AndIsCalledByTheMatrix()
    {
        var problems = new List<string>();
        foreach (var endpoint in AppEndpoints())
        {
            var key = endpoint.Key;
            var operation = endpoint.Metadata.GetMetadata<OperationMetadata>()?.Operation;
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var authorized = endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null || endpoint.Metadata.GetMetadata<AuthorizationPolicy>() is not null;
            if (operation is null && authorized && !anonymous)
                problems.Add($"{key}: authorized by roles but names no operation (add it to Auth/OperationMap or use .RequireOperation)");
            else if (operation is null && !anonymous && !IsFramework(endpoint.Pattern))
                problems.Add($"{key}: neither authorized nor anonymous");
            else if (operation is not null && !s_allowed.ContainsKey(operation))
                problems.Add($"{key}: operation '{operation}' has no row in this test's matrix");
            else if (operation is not null && !s_calls.ContainsKey(key) && !s_pages.ContainsKey(endpoint.Pattern))
                problems.Add($"{key}: operation '{operation}' but the matrix does not call it");
        }
        problems.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(ApiEndpoints))]
    public async Task Endpoint_Returns401Problem_WithoutToken(string endpoint)
    {
        using var client = app.CreateClient();

        var response = await SendAsync(client, endpoint);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString().Should().Contain("/api/auth/token");
    }

    [Theory]
    [MemberData(nameof(ApiMatrix))]
    public async Task Endpoint_LetsThroughOnlyItsRoles_OthersGet403ProblemNamingTheRule(string role, string endpoint)
    {
        var allowed = s_allowed[OperationOf(endpoint)].Contains(role, StringComparison.Ordinal);
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
            problem.GetProperty("rule").GetString().Should().StartWith("authz.");
            problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        }
    }

    [Theory]
    [MemberData(nameof(PageMatrix))]
    public async Task Page_OpensOnlyForItsRoles_OthersAreSentToAccessDenied(string role, string page)
    {
        var allowed = s_allowed[OperationOf(page)].Contains(role, StringComparison.Ordinal);
        using var client = await CookieClientAsync(role);

        var response = await client.GetAsync(s_pages[page]);

        if (allowed)
            response.StatusCode.Should().Be(HttpStatusCode.OK, $"{role} may open {page}");
        else
            response.Headers.Location?.ToString().Should().Contain("/access-denied", $"{role} may not open {page}");
    }

    /// <summary>The one anonymous API endpoint besides sign-in: the first start's progress, which must say nothing about the tenant.</summary>
    [Fact]
    public async Task DemoStatus_AnswersWithoutToken_AndCarriesNoTenantData()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/demo/status");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        status.GetProperty("state").GetString().Should().Be("ready");
        status.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "state", "phase", "description", "week", "weeks", "percent", "startedAt", "elapsedSeconds", "elapsed", "secondsLeft", "timeLeft", "error");
        var endpoint = AppEndpoints().Single(e => e.Key == "GET /api/demo/status");
        endpoint.Metadata.GetMetadata<IAllowAnonymous>().Should().NotBeNull();
    }

    [Theory]
    [InlineData("/csm")]
    [InlineData("/admin/tokens")]
    [InlineData("/nudges")]
    public async Task Page_SendsToSignIn_WhenSignedOut(string page)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(page);

        response.Headers.Location!.ToString().Should().Contain("/login");
    }

    [Fact]
    public async Task Reviewer_ReadsTheDecisionLog_ButCannotChangeAnything()
    {
        using var reviewer = await app.ReviewerAsync();

        var log = await reviewer.GetAsync("/api/decisions?take=5");
        // Replay is a POST that writes nothing: it evaluates a recorded input under another revision.
        var changes = s_calls.Keys
            .Where(k => !k.StartsWith("GET ", StringComparison.Ordinal) && k != "POST /api/decisions/{id:guid}/replay")
            .ToList();
        var writes = await Task.WhenAll(changes.Select(endpoint => SendAsync(reviewer, endpoint)));

        log.StatusCode.Should().Be(HttpStatusCode.OK);
        (await log.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("take").GetInt32().Should().Be(5);
        changes.Should().HaveCountGreaterThan(8);
        writes.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Forbidden);
    }

    private sealed record AppEndpoint(string Key, string Pattern, EndpointMetadataCollection Metadata);

    private IEnumerable<AppEndpoint> AppEndpoints()
    {
        var source = app.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            pattern = pattern.Length > 1 ? pattern.TrimEnd('/') : pattern;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            // Pages answer GET and POST (enhanced forms); the matrix opens them with GET.
            var isPage = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null;
            if (isPage || methods.Count == 0)
                yield return new AppEndpoint(pattern, pattern, endpoint.Metadata);
            else
                foreach (var method in methods)
                    yield return new AppEndpoint($"{method} {pattern}", pattern, endpoint.Metadata);
        }
    }

    // Blazor's circuit hub, framework scripts and static files: served to anyone, carry no data.
    private static bool IsFramework(string pattern) =>
        pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern.StartsWith("/_framework", StringComparison.Ordinal)
        || pattern.StartsWith("/_content", StringComparison.Ordinal) || pattern.Contains('.', StringComparison.Ordinal)
        || pattern.Contains(":file}", StringComparison.Ordinal);

    private string OperationOf(string key) =>
        AppEndpoints().FirstOrDefault(e => e.Key == key || (s_pages.ContainsKey(key) && e.Pattern == key))?.Metadata.GetMetadata<OperationMetadata>()?.Operation
        ?? throw new InvalidOperationException($"{key} is not an endpoint with an operation.");

    private async Task<HttpClient> ClientAsync(string role) => role switch
    {
        "C" => await app.CsmAsync(),
        "A" => await app.ApproverAsync(),
        "R" => await app.ReviewerAsync(),
        "E" => await app.EndUserAsync(),
        "D" => await app.AdminAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "C, A, R, E or D"),
    };

    private Task<HttpClient> CookieClientAsync(string role) => app.CookieClientAsync(role switch
    {
        "C" => DemoUsers.Csm.Email,
        "A" => DemoUsers.Approver.Email,
        "R" => DemoUsers.Reviewer.Email,
        "E" => DemoUsers.EndUser.Email,
        "D" => DemoUsers.Admin.Email,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "C, A, R, E or D"),
    });

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string endpoint)
    {
        var (path, body, key) = s_calls[endpoint];
        var request = new HttpRequestMessage(new HttpMethod(endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)]), path);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
