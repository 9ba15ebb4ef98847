using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Governance;

[Collection(AppCollection.Name)]
public sealed class ReplayApiTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Replay_UnderAStoredRevisionWithALowerDiscountCap_AddsTheMaxDiscountDenial()
    {
        var proposal = await GovernanceArrange.ProposeDiscountAsync(app.Services);
        var (active, lowerCap) = await GovernanceArrange.StoreLowerDiscountCapRevisionAsync(app.Services);
        using var reviewer = await app.ReviewerAsync();

        var response = await reviewer.PostAsJsonAsync($"/api/decisions/{proposal.ProposalId}/replay", new { revision = lowerCap });

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var replay = await response.Content.ReadFromJsonAsync<JsonElement>();
        replay.GetProperty("recorded").GetProperty("revision").GetString().Should().Be(active);
        replay.GetProperty("replayed").GetProperty("revision").GetString().Should().Be(lowerCap);
        replay.GetProperty("replayed").GetProperty("verdict").GetString().Should().Be("deny");
        replay.GetProperty("changed").GetBoolean().Should().BeTrue();
        replay.GetProperty("denyAdded").EnumerateArray().Select(d => d.GetProperty("rule").GetString()).Should().Contain("approval.max_discount");
    }

    // Regression: an approve decision replayed under a revision from before approve existed came back as a "changed"
    // deny (gate.invalid_operation), as if that policy had refused the approval.
    [Fact]
    public async Task Replay_OfAnApproveDecision_UnderARevisionWithoutApprove_SaysTheRevisionDoesNotKnowTheOperation()
    {
        using var csm = await app.CsmAsync();
        using var approver = await app.ApproverAsync();
        var (_, proposal) = await app.ProposeDiscountAsync(csm);
        var id = proposal.GetProperty("id").GetString()!;
        (await csm.PostAsync($"/api/proposals/{id}/request-approval", null)).EnsureSuccessStatusCode();
        var approved = await approver.PostAsync($"/api/proposals/{id}/approve", null);
        approved.StatusCode.Should().Be(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        var (active, beforeApprove) = await GovernanceArrange.StoreRevisionWithoutApproveAsync(app.Services);
        using var reviewer = await app.ReviewerAsync();

        var old = await reviewer.PostAsJsonAsync($"/api/decisions/{id}/replay", new { revision = beforeApprove });
        var same = await reviewer.PostAsJsonAsync($"/api/decisions/{id}/replay", new { revision = active });

        old.StatusCode.Should().Be(HttpStatusCode.OK, await old.Content.ReadAsStringAsync());
        var replay = await old.Content.ReadFromJsonAsync<JsonElement>();
        replay.GetProperty("operation").GetString().Should().Be("approve");
        replay.GetProperty("outcome").GetString().Should().Be("operation_unknown");
        replay.GetProperty("revisionOperations").EnumerateArray().Select(o => o.GetString()).Should().BeEquivalentTo(["propose", "apply", "undo"]);
        replay.GetProperty("explanation").GetString().Should().Contain($"Revision {beforeApprove} does not know the operation 'approve'");
        replay.GetProperty("changed").GetBoolean().Should().BeFalse();
        replay.GetProperty("verdictChanged").GetBoolean().Should().BeFalse();
        replay.GetProperty("denyAdded").GetArrayLength().Should().Be(0);
        replay.GetProperty("denyRemoved").GetArrayLength().Should().Be(0);
        replay.GetProperty("recorded").GetProperty("verdict").GetString().Should().Be("requires_approval");
        replay.GetProperty("replayed").GetProperty("deny").EnumerateArray().Select(d => d.GetProperty("rule").GetString()).Should().Contain("gate.invalid_operation",
            "replayed is still what the revision answered");
        var current = await same.Content.ReadFromJsonAsync<JsonElement>();
        current.GetProperty("outcome").GetString().Should().Be("same", current.ToString());
        current.GetProperty("revisionOperations").EnumerateArray().Select(o => o.GetString()).Should().Contain("approve");
        current.GetProperty("explanation").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Revisions_ListsTheActiveAndStoredRevisions_AndDiffShowsTheChangedLimit()
    {
        var (active, lowerCap) = await GovernanceArrange.StoreLowerDiscountCapRevisionAsync(app.Services);
        using var reviewer = await app.ReviewerAsync();

        var revisions = await reviewer.GetFromJsonAsync<JsonElement>("/api/policies/revisions");
        var diff = await reviewer.GetFromJsonAsync<JsonElement>($"/api/policies/revisions/diff?from={active}&to={lowerCap}");
        var files = await reviewer.GetFromJsonAsync<JsonElement>($"/api/policies/revisions/{lowerCap}");

        var list = revisions.EnumerateArray().ToList();
        list.Should().Contain(r => r.GetProperty("revision").GetString() == active && r.GetProperty("active").GetBoolean());
        list.Should().Contain(r => r.GetProperty("revision").GetString() == lowerCap && !r.GetProperty("active").GetBoolean());
        var file = diff.GetProperty("files").EnumerateArray().Should().ContainSingle().Subject;
        file.GetProperty("path").GetString().Should().Be("data.json");
        file.GetProperty("change").GetString().Should().Be("modified");
        var lines = file.GetProperty("hunks")[0].GetProperty("lines").EnumerateArray().ToList();
        lines.Should().Contain(l => l.GetProperty("kind").GetString() == "added" && l.GetProperty("text").GetString()!.Contains("\"discount_max_percent\": 15"));
        files.GetProperty("files").GetProperty("data.json").GetString().Should().Contain("\"discount_max_percent\": 15");
    }

    [Fact]
    public async Task Replay_NamesTheMissingRevision_AndAnswers404ForAnUnknownOne()
    {
        var proposal = await GovernanceArrange.ProposeDiscountAsync(app.Services);
        using var reviewer = await app.ReviewerAsync();

        var missing = await reviewer.PostAsJsonAsync($"/api/decisions/{proposal.ProposalId}/replay", new { revision = " " });
        var unknown = await reviewer.PostAsJsonAsync($"/api/decisions/{proposal.ProposalId}/replay", new { revision = "0123456789ab" });
        var badDiff = await reviewer.GetAsync("/api/policies/revisions/diff?from=0123456789ab");

        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().Should().Be("revision");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync()).Should().Contain("0123456789ab");
        badDiff.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("csm@demo.local", HttpStatusCode.Forbidden)]
    [InlineData("approver@demo.local", HttpStatusCode.Forbidden)]
    [InlineData("enduser@demo.local", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task ReplayAndRevisions_AreForReviewersAndAdminsOnly(string? user, HttpStatusCode expected)
    {
        using var client = user is null ? app.CreateClient() : await app.CreateClientAsync(user);

        var replay = await client.PostAsJsonAsync("/api/decisions/00000000-0000-7000-8000-000000000000/replay", new { revision = "x" });
        var revisions = await client.GetAsync("/api/policies/revisions");

        replay.StatusCode.Should().Be(expected);
        revisions.StatusCode.Should().Be(expected);
    }

    [Fact]
    public async Task Replay_LetsAdminsThrough_ToA404ForAnUnknownProposal()
    {
        using var admin = app.AdminClient();

        var response = await admin.PostAsJsonAsync("/api/decisions/00000000-0000-7000-8000-000000000000/replay", new { revision = "x" });

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
