using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Engine.Execution;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Api;

/// <summary>The suggest → policy → simulate → apply → undo → record loop through HTTP, and apply/undo's guarantees.</summary>
[Collection(AppCollection.Name)]
public sealed class ApiLoopTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Loop_ProposeSimulateApplyUndo_IsRecordedStepByStep_WithPolicyRevisionAndModelVersion()
    {
        // Arrange: a token, then a high-risk account from the portfolio.
        using var csm = await app.CsmAsync();
        var accounts = await csm.GetFromJsonAsync<JsonElement>("/api/accounts?risk=high");
        accounts.EnumerateArray().Should().NotBeEmpty().And.OnlyContain(a => a.GetProperty("riskTier").GetString() == "high");
        var (account, proposal) = await app.FindApplicableAsync(csm, a => a.GetProperty("riskTier").GetString() == "high");
        var id = proposal.GetProperty("id").GetString()!;

        // Act
        var simulate = await csm.PostAsync($"/api/proposals/{id}/simulate", null);
        var apply = await csm.ApplyAsync(id, Guid.NewGuid().ToString("N"));
        var applied = await apply.Content.ReadFromJsonAsync<JsonElement>();
        var undo = await csm.UndoAsync(id, applied.GetProperty("rollbackToken").GetString()!);

        // Assert: every step answered, and the record shows each one.
        simulate.StatusCode.Should().Be(HttpStatusCode.OK, await simulate.Content.ReadAsStringAsync());
        var simulated = await simulate.Content.ReadFromJsonAsync<JsonElement>();
        simulated.GetProperty("policyDecision").GetProperty("allow").GetBoolean().Should().BeTrue();
        simulated.TryGetProperty("before", out _).Should().BeTrue();
        simulated.TryGetProperty("after", out _).Should().BeTrue();
        apply.StatusCode.Should().Be(HttpStatusCode.OK);
        applied.GetProperty("rollbackToken").GetString().Should().NotBeNullOrEmpty();
        undo.StatusCode.Should().Be(HttpStatusCode.OK, await undo.Content.ReadAsStringAsync());

        using var reviewer = await app.ReviewerAsync();
        var record = await reviewer.RecordAsync(id);
        record.GetProperty("status").GetString().Should().Be("rolled_back");
        record.GetProperty("trail").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Should().ContainInOrder(
            "ActionProposed", "PolicyEvaluated", "ActionSimulated", "PolicyEvaluated", "ActionApplied", "PolicyEvaluated", "ActionRolledBack");
        record.GetProperty("appliedBy").GetString().Should().Be("csm@demo.local");
        record.GetProperty("undoneBy").GetString().Should().Be("csm@demo.local");
        record.GetProperty("modelVersion").GetString().Should().Be(account.GetProperty("modelVersion").GetString()).And.NotBe("none");
        var revision = proposal.GetProperty("policyDecision").GetProperty("revision").GetString();
        revision.Should().NotBeNullOrEmpty();
        record.GetProperty("policyRevision").GetString().Should().Be(revision);
        record.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("operation").GetString()).Should().Equal("propose", "apply", "undo");
        record.GetProperty("decisions").EnumerateArray().Should().OnlyContain(d => d.GetProperty("revision").GetString() == revision);

        var log = await reviewer.GetFromJsonAsync<JsonElement>($"/api/decisions?accountId={account.GetProperty("id").GetString()}&status=rolled_back");
        log.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("proposalId").GetString()).Should().Contain(id);
    }

    [Fact]
    public async Task Proposals_AreRanked_WithPayloadScoresExplanationAndPolicyDecision()
    {
        using var csm = await app.CsmAsync();
        var account = await app.ClaimAccountsAsync(csm).FirstAsync();

        var response = await csm.PostAsync($"/api/accounts/{account.GetProperty("id").GetString()}/proposals", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var proposals = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposals").EnumerateArray().ToArray();
        proposals.Should().NotBeEmpty();
        proposals.Select(p => p.GetProperty("rank").GetInt32()).Should().Equal(Enumerable.Range(1, proposals.Length));
        // Allowed proposals rank above denied ones.
        proposals.Select(p => p.GetProperty("policyDecision").GetProperty("allow").GetBoolean()).Should().BeInDescendingOrder();
        foreach (var p in proposals)
        {
            p.GetProperty("id").GetGuid().Should().NotBeEmpty();
            p.GetProperty("actionType").GetString().Should().NotBeNullOrEmpty();
            p.GetProperty("payload").ValueKind.Should().Be(JsonValueKind.Object);
            p.GetProperty("scores").GetProperty("expectedValue").ValueKind.Should().Be(JsonValueKind.Number);
            p.GetProperty("explanation").GetProperty("summary").GetString().Should().NotBeNullOrEmpty();
            var decision = p.GetProperty("policyDecision");
            decision.GetProperty("requires_approval").ValueKind.Should().BeOneOf(JsonValueKind.True, JsonValueKind.False);
            if (!decision.GetProperty("allow").GetBoolean())
                decision.GetProperty("deny").EnumerateArray().Should().NotBeEmpty("a denied proposal keeps its reasons");
        }
    }

    [Fact]
    public async Task Proposals_ForAUser_AimEveryUserFacingActionAtThatUser()
    {
        using var csm = await app.CsmAsync();
        var account = await app.ClaimAccountsAsync(csm).FirstAsync();
        var accountId = account.GetProperty("id").GetString()!;
        var user = (await app.ReachableUsersAsync(accountId, "adoption"))[^1];

        var response = await csm.PostAsJsonAsync($"/api/accounts/{accountId}/proposals", new { userId = user.Id });

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var proposals = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposals").EnumerateArray().ToArray();
        var userFacing = proposals.Where(p => p.GetProperty("userId").ValueKind == JsonValueKind.String).ToArray();
        userFacing.Should().NotBeEmpty().And.OnlyContain(p => p.GetProperty("userId").GetString() == user.Id);
    }

    [Fact]
    public async Task Proposals_ForAUserOfAnotherAccount_Are404()
    {
        using var csm = await app.CsmAsync();
        var account = await app.ClaimAccountsAsync(csm).FirstAsync();

        var response = await csm.PostAsJsonAsync($"/api/accounts/{account.GetProperty("id").GetString()}/proposals", new { userId = "demo-enduser" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("detail").GetString().Should().Contain("userId");
    }

    [Fact]
    public async Task Apply_WithTheSameIdempotencyKeyTwice_ReturnsTheFirstResponse_AndHasOneEffect()
    {
        using var csm = await app.CsmAsync();
        var (_, proposal) = await app.FindApplicableAsync(csm);
        var id = proposal.GetProperty("id").GetString()!;
        var key = Guid.NewGuid().ToString("N");

        var first = await csm.ApplyAsync(id, key);
        var second = await csm.ApplyAsync(id, key);

        first.StatusCode.Should().Be(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        second.StatusCode.Should().Be(HttpStatusCode.OK, await second.Content.ReadAsStringAsync());
        (await second.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        second.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        first.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        (await csm.TrailTypesAsync(id)).Count(t => t == "ActionApplied").Should().Be(1);
    }

    [Fact]
    public async Task Apply_Concurrently_WithDifferentKeys_ExactlyOneSucceeds_TheOtherGets409()
    {
        using var csm = await app.CsmAsync();
        using var approver = await app.ApproverAsync();
        var (_, proposal) = await app.FindApplicableAsync(csm);
        var id = proposal.GetProperty("id").GetString()!;

        var responses = await Task.WhenAll(csm.ApplyAsync(id, "first-" + Guid.NewGuid()), approver.ApplyAsync(id, "second-" + Guid.NewGuid()));

        responses.Select(r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.Conflict]);
        var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        await loser.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await csm.TrailTypesAsync(id)).Count(t => t == "ActionApplied").Should().Be(1);
    }

    [Fact]
    public async Task Apply_WithAnotherKey_AfterApplied_Gets409()
    {
        using var csm = await app.CsmAsync();
        var (_, proposal) = await app.FindApplicableAsync(csm);
        var id = proposal.GetProperty("id").GetString()!;
        (await csm.ApplyAsync(id, "k1-" + Guid.NewGuid())).StatusCode.Should().Be(HttpStatusCode.OK);

        var again = await csm.ApplyAsync(id, "k2-" + Guid.NewGuid());

        var problem = await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString().Should().Contain("different idempotency key");
    }

    [Fact]
    public async Task Undo_WithTamperedToken_IsRefused_AndChangesNothing()
    {
        using var csm = await app.CsmAsync();
        var (id, token) = await ApplyOneAsync(csm);
        var trail = await csm.TrailLengthAsync(id);
        // Change one character in the middle (the signed part); the shape still parses.
        var middle = token.Length / 2;
        var tampered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];

        var response = await csm.UndoAsync(id, tampered);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().Should().Contain("signature");
        (await csm.TrailLengthAsync(id)).Should().Be(trail);
        (await csm.RecordAsync(id)).GetProperty("status").GetString().Should().Be("applied");
    }

    [Fact]
    public async Task Undo_WithGarbageToken_IsRefused_AndChangesNothing()
    {
        using var csm = await app.CsmAsync();
        var (id, _) = await ApplyOneAsync(csm);
        var trail = await csm.TrailLengthAsync(id);

        var response = await csm.UndoAsync(id, "not-a-token");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().Should().Contain("malformed");
        (await csm.TrailLengthAsync(id)).Should().Be(trail);
    }

    [Fact]
    public async Task Undo_WithAlreadyUsedToken_IsRefused_AndChangesNothing()
    {
        using var csm = await app.CsmAsync();
        var (id, token) = await ApplyOneAsync(csm);
        (await csm.UndoAsync(id, token)).StatusCode.Should().Be(HttpStatusCode.OK);
        var trail = await csm.TrailLengthAsync(id);

        var again = await csm.UndoAsync(id, token);

        var problem = await again.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().Should().Contain("already used");
        (await csm.TrailLengthAsync(id)).Should().Be(trail);
        (await csm.RecordAsync(id)).GetProperty("status").GetString().Should().Be("rolled_back");
    }

    [Fact]
    public async Task Undo_WithExpiredToken_IsRefused_AndChangesNothing()
    {
        using var csm = await app.CsmAsync();
        var (id, token) = await ApplyOneAsync(csm);
        var trail = await csm.TrailLengthAsync(id);
        // The token as the server would have issued it, signed with its key, but past its expiry
        // (the app runs on the system clock, so time cannot be moved forward from here).
        var real = RollbackToken.Parse(token);
        var key = app.Services.GetRequiredService<RollbackTokenKey>();
        var expired = RollbackToken.Issue(key.Bytes, real.ProposalId, real.StreamVersion, DateTimeOffset.UtcNow.AddMinutes(-1), real.Id);

        var response = await csm.UndoAsync(id, expired.ToString());

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().Should().Contain("expired");
        (await csm.TrailLengthAsync(id)).Should().Be(trail);
        (await csm.RecordAsync(id)).GetProperty("status").GetString().Should().Be("applied");
    }

    [Fact]
    public async Task Undo_WithAnotherProposalsToken_IsRefused_AndChangesNothing()
    {
        using var csm = await app.CsmAsync();
        var (id, _) = await ApplyOneAsync(csm);
        var (_, otherToken) = await ApplyOneAsync(csm);
        var trail = await csm.TrailLengthAsync(id);

        var response = await csm.UndoAsync(id, otherToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        (await csm.TrailLengthAsync(id)).Should().Be(trail);
    }

    private async Task<(string Id, string Token)> ApplyOneAsync(HttpClient csm)
    {
        var (_, proposal) = await app.FindApplicableAsync(csm);
        var id = proposal.GetProperty("id").GetString()!;
        var response = await csm.ApplyAsync(id, Guid.NewGuid().ToString("N"));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (id, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rollbackToken").GetString()!);
    }
}
