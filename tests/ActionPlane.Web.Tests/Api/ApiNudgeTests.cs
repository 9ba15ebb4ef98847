using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Engine.Domain;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Api;

/// <summary>An applied nudge as its end user reads and answers it through HTTP.</summary>
[Collection(AppCollection.Name)]
public sealed class ApiNudgeTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task EndUser_SeesTheirNudgeWithWhy_MarksItNotRelevant_AndItIsGoneAndRecorded()
    {
        var (user, proposalId, message) = await ApplyNudgeAsync();
        using var endUser = app.ClientFor(EndUserOf(user));
        using var csm = await app.CsmAsync();

        var seenByCsm = await csm.GetFromJsonAsync<JsonElement>($"/api/users/{user.Id}/nudges");
        var seenByUser = await endUser.GetFromJsonAsync<JsonElement>($"/api/users/{user.Id}/nudges");
        var nudge = seenByUser.EnumerateArray().Single(n => n.GetProperty("proposalId").GetString() == proposalId);
        var feedback = await endUser.PostAsJsonAsync($"/api/nudges/{nudge.GetProperty("id").GetString()}/feedback", new { kind = "not_relevant" });
        var after = await endUser.GetFromJsonAsync<JsonElement>($"/api/users/{user.Id}/nudges");

        // Staff reading an inbox is not an impression; the user's own read is.
        seenByCsm.EnumerateArray().Single(n => n.GetProperty("proposalId").GetString() == proposalId)
            .GetProperty("shownAt").ValueKind.Should().Be(JsonValueKind.Null);
        nudge.GetProperty("message").GetString().Should().Be(message);
        nudge.GetProperty("why").GetString().Should().NotBeNullOrEmpty();
        feedback.StatusCode.Should().Be(HttpStatusCode.OK, await feedback.Content.ReadAsStringAsync());
        after.EnumerateArray().Should().NotContain(n => n.GetProperty("proposalId").GetString() == proposalId);
        var types = await csm.TrailTypesAsync(proposalId);
        types.Count(t => t == "NudgeShown").Should().Be(1);
        types.Should().EndWith(new[] { "NudgeDismissed", "OutcomeObserved" }, "\"not relevant\" is also recorded as a negative label");
    }

    [Fact]
    public async Task EndUser_CannotReadAnotherUsersNudges_Gets403()
    {
        using var endUser = await app.EndUserAsync();
        var other = await OtherUserIdAsync();

        var response = await endUser.GetAsync($"/api/users/{other}/nudges");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("detail").GetString().Should().Contain("own nudges");
    }

    [Fact]
    public async Task EndUser_CannotDismissAnotherUsersNudge_Gets403_AndItStaysActive()
    {
        var (user, proposalId, _) = await ApplyNudgeAsync();
        using var stranger = await app.EndUserAsync();
        using var csm = await app.CsmAsync();
        var trail = await csm.TrailLengthAsync(proposalId);
        var before = await csm.GetFromJsonAsync<JsonElement>($"/api/users/{user.Id}/nudges");
        var nudgeId = before.EnumerateArray().Single(n => n.GetProperty("proposalId").GetString() == proposalId).GetProperty("id").GetString();

        var response = await stranger.PostAsJsonAsync($"/api/nudges/{nudgeId}/feedback", new { kind = "not_relevant" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await csm.TrailLengthAsync(proposalId)).Should().Be(trail);
        var inbox = await csm.GetFromJsonAsync<JsonElement>($"/api/users/{user.Id}/nudges");
        inbox.EnumerateArray().Should().Contain(n => n.GetProperty("proposalId").GetString() == proposalId);
    }

    [Fact]
    public async Task Feedback_WithAnotherKind_Is400NamingKind()
    {
        using var endUser = await app.EndUserAsync();

        var response = await endUser.PostAsJsonAsync("/api/nudges/nudge-anything/feedback", new { kind = "spam" });

        await response.ShouldName400Async("kind");
    }

    [Fact]
    public async Task Nudges_OfAnUnknownUser_Are404_ForStaff()
    {
        using var reviewer = await app.ReviewerAsync();

        var response = await reviewer.GetAsync("/api/users/no-such-user/nudges");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Feedback_OnAnUnknownNudge_Is404()
    {
        using var endUser = await app.EndUserAsync();

        var response = await endUser.PostAsJsonAsync("/api/nudges/nudge-00000000000000000000000000000000/feedback", new { kind = "not_relevant" });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private static AppUser EndUserOf(EndUser user) => new(user.Id, user.Email, user.Name, [Roles.EndUser]);

    private async Task<(EndUser User, string ProposalId, string Message)> ApplyNudgeAsync()
    {
        var message = "Try the automation builder " + Guid.NewGuid().ToString("N")[..8];
        var (user, proposalId) = await app.ApplyNudgeForUnclaimedUserAsync(message);
        return (user, proposalId, message);
    }

    private async Task<string> OtherUserIdAsync()
    {
        using var csm = await app.CsmAsync();
        var account = await app.ClaimAccountsAsync(csm).FirstAsync();
        return (await app.ReachableUsersAsync(account.GetProperty("id").GetString()!, "adoption")).First().Id;
    }
}
