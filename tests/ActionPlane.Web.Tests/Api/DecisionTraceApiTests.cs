using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Storage;
using ActionPlane.Web.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Api;

/// <summary>Every proposal the API returns carries how the engine decided and why (the decision trace).</summary>
[Collection(AppCollection.Name)]
public sealed class DecisionTraceApiTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Propose_ReturnsArmPropensityAndTheDecisionTrace_WithEveryProposal()
    {
        using var csm = await app.CsmAsync();
        var account = await app.ClaimAccountsAsync(csm).FirstAsync();

        var response = await csm.PostAsync($"/api/accounts/{account.GetProperty("id").GetString()}/proposals", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var proposals = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposals").EnumerateArray().ToArray();
        proposals.Should().NotBeEmpty();
        foreach (var p in proposals)
        {
            p.GetProperty("arm").GetString().Should().BeOneOf("exploit", "explore");
            p.GetProperty("holdout").GetBoolean().Should().BeFalse();
            var trace = p.GetProperty("trace");
            trace.GetProperty("arm").GetString().Should().Be(p.GetProperty("arm").GetString());
            trace.GetProperty("propensity").GetDouble().Should().Be(p.GetProperty("propensity").GetDouble());
            trace.GetProperty("value").GetProperty("expectedValue").GetDecimal().Should().Be(p.GetProperty("scores").GetProperty("expectedValue").GetDecimal());
            trace.GetProperty("value").GetProperty("basis").GetString().Should().BeOneOf("uplift_model", "baseline_heuristic");
            trace.GetProperty("policyRevision").GetString().Should().Be(p.GetProperty("policyDecision").GetProperty("revision").GetString());
            trace.GetProperty("topDrivers").EnumerateArray().Should().NotBeEmpty();
            trace.GetProperty("churnModelVersion").GetString().Should().Be(account.GetProperty("modelVersion").GetString());
            trace.GetProperty("endUserWhy").GetString().Should().Be(p.GetProperty("explanation").GetProperty("userFacingWhy").GetString());
            trace.GetProperty("budget").GetProperty("isoWeek").GetString().Should().MatchRegex(@"^\d{4}-W\d{2}$");
            p.GetProperty("explanation").TryGetProperty("trace", out _).Should().BeFalse("the trace is returned once, at the top level");
        }
        // The engine's choices rank first. (Exploration may draw "no action", so none need be chosen.)
        proposals.Select(p => p.GetProperty("trace").GetProperty("chosen").GetBoolean())
            .Should().BeInDescendingOrder("the engine's choices rank first");
    }

    [Fact]
    public async Task TraceEndpoint_GivesReviewersTheTrace_AndRefusesEndUsers()
    {
        using var csm = await app.CsmAsync();
        var account = await app.ClaimAccountsAsync(csm).FirstAsync();
        var batch = await (await csm.PostAsync($"/api/accounts/{account.GetProperty("id").GetString()}/proposals", null)).Content.ReadFromJsonAsync<JsonElement>();
        var proposal = batch.GetProperty("proposals")[0];
        var id = proposal.GetProperty("id").GetString();
        using var reviewer = await app.ReviewerAsync();
        using var endUser = await app.EndUserAsync();

        var trace = await reviewer.GetAsync($"/api/proposals/{id}/trace");
        var refused = await endUser.GetAsync($"/api/proposals/{id}/trace");
        var missing = await reviewer.GetAsync($"/api/proposals/{Guid.NewGuid()}/trace");

        trace.StatusCode.Should().Be(HttpStatusCode.OK, await trace.Content.ReadAsStringAsync());
        var body = await trace.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("actionType").GetString().Should().Be(proposal.GetProperty("actionType").GetString());
        body.GetProperty("arm").GetString().Should().Be(proposal.GetProperty("arm").GetString());
        body.GetProperty("policyRulesPassed").EnumerateArray().Should().NotBeEmpty();
        await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Propose_ForAHoldoutAccount_ReturnsOnlyTheLoggedDecision_NotActionable()
    {
        var settings = app.Services.GetRequiredService<ActionPlaneEngineOptions>().Decisioning.Arbitration;
        var demoAccount = await DemoArrange.DemoEndUserAccountAsync(app.Services);
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var ids = await session.Query<Account>().Select(a => a.Id).ToListAsync();
        var holdout = ids.Where(id => id != demoAccount).Order(StringComparer.Ordinal).First(id => HoldoutAssignment.IsHoldout(id, settings));
        using var csm = await app.CsmAsync();

        var response = await csm.PostAsync($"/api/accounts/{holdout}/proposals", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var proposal = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposals").EnumerateArray().Should().ContainSingle().Subject;
        proposal.GetProperty("holdout").GetBoolean().Should().BeTrue();
        proposal.GetProperty("arm").GetString().Should().Be("holdout");
        proposal.GetProperty("propensity").GetDouble().Should().Be(1);
        proposal.GetProperty("status").GetString().Should().Be("proposed");
        proposal.GetProperty("policyDecision").GetProperty("allow").GetBoolean().Should().BeFalse();
        proposal.GetProperty("notActionableReason").GetString().Should().Contain("holdout");
        var apply = await csm.ApplyAsync(proposal.GetProperty("id").GetString()!, Guid.NewGuid().ToString("N"));
        ((int)apply.StatusCode).Should().BeInRange(400, 499, "a holdout decision cannot be applied");
    }
}
