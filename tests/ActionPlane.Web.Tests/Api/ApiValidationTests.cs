using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Api;

/// <summary>Bad input gets a 4xx problem that names the field, header or parameter to fix; never a 500.</summary>
[Collection(AppCollection.Name)]
public sealed class ApiValidationTests(ActionPlaneAppFixture app)
{
    private const string NoProposal = "00000000-0000-7000-8000-000000000001";

    [Theory]
    [InlineData("extreme")]
    [InlineData("1")]
    [InlineData("")]
    public async Task Accounts_WithBadRisk_Is400NamingRisk(string risk)
    {
        using var csm = await app.CsmAsync();

        var response = await csm.GetAsync($"/api/accounts?risk={risk}");

        await response.ShouldName400Async("risk");
    }

    [Theory]
    [InlineData("high")]
    [InlineData("medium")]
    [InlineData("low")]
    public async Task Accounts_FilteredByRisk_HaveOnlyThatTier_WithChurnProbability(string risk)
    {
        using var csm = await app.CsmAsync();

        var accounts = await csm.GetFromJsonAsync<JsonElement>($"/api/accounts?risk={risk}");

        accounts.EnumerateArray().Should().NotBeEmpty().And.OnlyContain(a => a.GetProperty("riskTier").GetString() == risk);
        accounts.EnumerateArray().Select(a => a.GetProperty("churnProbability").GetDouble()).Should().BeInDescendingOrder()
            .And.OnlyContain(p => p >= 0 && p <= 1);
    }

    [Fact]
    public async Task Propose_ForUnknownAccount_Is404()
    {
        using var csm = await app.CsmAsync();

        var response = await csm.PostAsync("/api/accounts/no-such-account/proposals", null);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("detail").GetString().Should().Contain("no-such-account");
    }

    [Theory]
    [InlineData("""{"actionType": 5}""", "actionType")]
    [InlineData("""{"actionType": "offer_discount", "payload": "ten percent"}""", "payload")]
    [InlineData("""{"userId": ["a"]}""", "userId")]
    public async Task Propose_WithWrongTypes_Is400NamingTheField(string json, string field)
    {
        using var csm = await app.CsmAsync();

        var response = await csm.PostRawAsync("/api/accounts/no-such-account/proposals", json);

        await response.ShouldName400Async(field);
    }

    [Fact]
    public async Task Propose_WithBlankUserId_Is400NamingUserId()
    {
        using var csm = await app.CsmAsync();

        var response = await csm.PostRawAsync("/api/accounts/no-such-account/proposals", """{"userId": " "}""");

        await response.ShouldName400Async("userId");
    }

    [Fact]
    public async Task Propose_WithPayloadButNoActionType_Is400NamingActionType()
    {
        using var csm = await app.CsmAsync();

        var response = await csm.PostRawAsync("/api/accounts/no-such-account/proposals", """{"payload": {"percent": 5}}""");

        await response.ShouldName400Async("actionType");
    }

    [Fact]
    public async Task Propose_WithPayloadFailingItsSchema_Is422_WithTheSchemaErrors_AndStoresNothing()
    {
        using var csm = await app.CsmAsync();
        using var reviewer = await app.ReviewerAsync();
        var account = await app.ClaimAccountsAsync(csm).FirstAsync();
        var id = account.GetProperty("id").GetString()!;
        var payload = ApiTestKit.DiscountPayload(id, 5);
        payload["percent"] = 500;

        var response = await csm.PostAsJsonAsync($"/api/accounts/{id}/proposals", new { actionType = "offer_discount", payload });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).Should().Contain(r => r!.StartsWith("percent"));
        var log = await reviewer.GetFromJsonAsync<JsonElement>($"/api/decisions?accountId={id}");
        log.GetProperty("items").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1, 2]")]
    [InlineData("not json at all")]
    public async Task MalformedJson_Is400Problem(string json)
    {
        using var csm = await app.CsmAsync();

        var response = await csm.PostRawAsync($"/api/proposals/{NoProposal}/undo", json);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Apply_WithoutIdempotencyKey_Is400NamingTheHeader()
    {
        using var csm = await app.CsmAsync();

        var response = await csm.ApplyAsync(NoProposal, null);

        await response.ShouldName400Async("Idempotency-Key");
    }

    [Fact]
    public async Task Apply_OfUnknownProposal_Is404()
    {
        using var csm = await app.CsmAsync();

        var response = await csm.ApplyAsync(NoProposal, "any-key");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    // Regression: Marten refuses the empty Guid as a stream id, and these answered 500 for it.
    [Theory]
    [InlineData("simulate", "{}")]
    [InlineData("apply", "{}")]
    [InlineData("request-approval", "{}")]
    [InlineData("approve", "{}")]
    [InlineData("reject", """{"reason": "no"}""")]
    public async Task ProposalCommands_OnTheEmptyGuid_Are404(string command, string json)
    {
        using var client = command is "approve" or "reject" ? await app.ApproverAsync() : await app.CsmAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/proposals/{Guid.Empty}/{command}")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "empty-guid");

        var response = await client.SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("detail").GetString().Should().Contain(Guid.Empty.ToString());
    }

    [Fact]
    public async Task PayloadEdit_OnTheEmptyGuid_Is404()
    {
        using var csm = await app.CsmAsync();

        var response = await csm.PutAsync($"/api/proposals/{Guid.Empty}/payload",
            new StringContent("""{"payload": {"percent": 5}}""", System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    // Regression: a number past decimal's range threw while the payload was checked against its schema (500).
    [Fact]
    public async Task Propose_WithANumberBeyondAnyRange_Is422NamingTheField_AndStoresNothing()
    {
        using var csm = await app.CsmAsync();
        var accounts = await csm.GetFromJsonAsync<JsonElement>("/api/accounts");
        var accountId = accounts[0].GetProperty("id").GetString()!;
        using var reviewer = await app.ReviewerAsync();
        var before = await reviewer.GetFromJsonAsync<JsonElement>($"/api/decisions?accountId={accountId}&actionType=offer_discount");

        var response = await csm.PostRawAsync($"/api/accounts/{accountId}/proposals",
            $$$"""{"actionType": "offer_discount", "payload": {"account_id": "{{{accountId}}}", "percent": 1e308, "months": 3, "reason": "x"}}""");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().Should().Contain("percent: the number is too large");
        problem.GetProperty("reasons")[0].GetString().Should().StartWith("percent: the number is too large", "each reason names its field once");
        var after = await reviewer.GetFromJsonAsync<JsonElement>($"/api/decisions?accountId={accountId}&actionType=offer_discount");
        after.GetProperty("items").GetArrayLength().Should().Be(before.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"rollbackToken": ""}""")]
    [InlineData("""{"token": "abc"}""")]
    public async Task Undo_WithoutRollbackToken_Is400NamingTheField(string json)
    {
        using var csm = await app.CsmAsync();

        var response = await csm.PostRawAsync($"/api/proposals/{NoProposal}/undo", json);

        await response.ShouldName400Async("rollbackToken");
    }

    [Fact]
    public async Task Undo_WithRollbackTokenOfWrongType_Is400NamingTheField()
    {
        using var csm = await app.CsmAsync();

        var response = await csm.PostRawAsync($"/api/proposals/{NoProposal}/undo", """{"rollbackToken": 42}""");

        await response.ShouldName400Async("rollbackToken");
    }

    [Theory]
    [InlineData("""{"kind": true}""")]
    [InlineData("""{"kind": "later"}""")]
    [InlineData("{}")]
    public async Task Feedback_WithBadKind_Is400NamingKind(string json)
    {
        using var endUser = await app.EndUserAsync();

        var response = await endUser.PostRawAsync("/api/nudges/no-such-nudge/feedback", json);

        await response.ShouldName400Async("kind");
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-45", "to")]
    [InlineData("from=2026-11-10&to=2026-11-01", "to")]
    [InlineData("status=done", "status")]
    [InlineData("take=0", "take")]
    [InlineData("take=many", "take")]
    [InlineData("skip=-1", "skip")]
    public async Task Decisions_WithBadParameter_Is400NamingIt(string query, string parameter)
    {
        using var reviewer = await app.ReviewerAsync();

        var response = await reviewer.GetAsync($"/api/decisions?{query}");

        await response.ShouldName400Async(parameter);
    }

    [Fact]
    public async Task Decisions_FilteredByAccountAndTimeWindow_HoldOnlyWhatFallsInside()
    {
        using var csm = await app.CsmAsync();
        using var reviewer = await app.ReviewerAsync();
        var (account, proposal) = await app.FindApplicableAsync(csm);
        var accountId = account.GetProperty("id").GetString()!;
        var id = proposal.GetProperty("id").GetString()!;
        var at = proposal.GetProperty("proposedAt").GetDateTimeOffset();
        string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz", System.Globalization.CultureInfo.InvariantCulture));

        var inside = await reviewer.GetFromJsonAsync<JsonElement>($"/api/decisions?accountId={accountId}&from={Iso(at.AddSeconds(-1))}&to={Iso(at.AddSeconds(1))}");
        var before = await reviewer.GetFromJsonAsync<JsonElement>($"/api/decisions?accountId={accountId}&to={Iso(at.AddMilliseconds(-1))}");
        var byType = await reviewer.GetFromJsonAsync<JsonElement>($"/api/decisions?accountId={accountId}&actionType={proposal.GetProperty("actionType").GetString()}");

        inside.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("proposalId").GetString()).Should().Contain(id);
        inside.GetProperty("items").EnumerateArray().Should().OnlyContain(i => i.GetProperty("accountId").GetString() == accountId);
        before.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("proposalId").GetString()).Should().NotContain(id, "it was proposed after the window");
        byType.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("proposalId").GetString()).Should().Equal(id);
    }

    [Fact]
    public async Task Proposal_WithUnknownOrMalformedId_Is404()
    {
        using var reviewer = await app.ReviewerAsync();

        var unknown = await reviewer.GetAsync($"/api/proposals/{NoProposal}");
        var malformed = await reviewer.GetAsync("/api/proposals/not-a-guid");

        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await malformed.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
