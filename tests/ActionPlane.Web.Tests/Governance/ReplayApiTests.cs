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
