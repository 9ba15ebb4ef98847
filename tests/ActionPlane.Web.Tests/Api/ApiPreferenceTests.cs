using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Engine.Domain;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Api;

/// <summary>The preference center through HTTP: only the user themself reads and changes it, and the gate honours it.</summary>
[Collection(AppCollection.Name)]
public sealed class ApiPreferenceTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task EndUser_OptsOut_ThroughPut_AndTheNextNudgeProposalForThemIsDenied()
    {
        // Arrange
        var (accountId, user) = await ClaimUserAsync();
        using var endUser = app.ClientFor(new AppUser(user.Id, user.Email, user.Name, [Roles.EndUser]));
        using var csm = await app.CsmAsync();

        // Act
        var put = await endUser.PutAsJsonAsync($"/api/users/{user.Id}/preferences",
            new { mutedCategories = new[] { "pricing" }, frequency = "fewer", optedOut = true });
        var read = await endUser.GetFromJsonAsync<JsonElement>($"/api/users/{user.Id}/preferences");
        var proposal = await csm.PostAsJsonAsync($"/api/accounts/{accountId}/proposals",
            new { actionType = "schedule_nudge", payload = ApiTestKit.NudgePayload(user.Id, "Try the report scheduler") });

        // Assert
        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        read.GetProperty("optedOut").GetBoolean().Should().BeTrue();
        read.GetProperty("frequency").GetString().Should().Be("fewer");
        read.GetProperty("mutedCategories").EnumerateArray().Select(c => c.GetString()).Should().Equal("pricing");
        (await proposal.Content.ReadAsStringAsync()).Should().Contain("consent.user_opted_out");
    }

    [Fact]
    public async Task EndUser_CannotReadOrChangeAnotherUsersPreferences_Gets403()
    {
        using var endUser = await app.EndUserAsync();
        var (_, other) = await ClaimUserAsync();

        var get = await endUser.GetAsync($"/api/users/{other.Id}/preferences");
        var put = await endUser.PutAsJsonAsync($"/api/users/{other.Id}/preferences", new { mutedCategories = Array.Empty<string>(), frequency = "none", optedOut = true });

        (await get.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString().Should().Contain("own preferences");
        await put.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Put_RejectsUnknownFrequency_NamingTheField()
    {
        using var endUser = await app.EndUserAsync();

        var put = await endUser.PutAsJsonAsync($"/api/users/{DemoUsers.EndUser.Id}/preferences",
            new { mutedCategories = Array.Empty<string>(), frequency = "hourly", optedOut = false });

        (await put.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).ToString().Should().Contain("frequency");
    }

    [Fact]
    public async Task Csm_CannotUseThePreferenceApi_Gets403()
    {
        using var csm = await app.CsmAsync();

        var get = await csm.GetAsync($"/api/users/{DemoUsers.EndUser.Id}/preferences");

        get.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private async Task<(string AccountId, EndUser User)> ClaimUserAsync()
    {
        using var csm = await app.CsmAsync();
        var account = await app.ClaimAccountsAsync(csm).FirstAsync();
        var accountId = account.GetProperty("id").GetString()!;
        return (accountId, (await app.ReachableUsersAsync(accountId, "adoption")).First());
    }
}
