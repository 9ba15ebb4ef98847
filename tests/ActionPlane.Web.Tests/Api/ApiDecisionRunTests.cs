using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Api;

/// <summary>
/// <c>POST /api/decision-runs</c> and <c>GET /api/decision-runs/latest</c> over HTTP: an admin starts a run (202)
/// and follows it to its summary; 409 while another run holds the lock, with that run's progress visible; an
/// unknown account id is a 400 naming the field. Runs here decide only a claimed account, so other tests see no change.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ApiDecisionRunTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Start_Is202_AndTheRunIsFollowedToItsSummary_WithTheSystemsProposals()
    {
        using var admin = app.AdminClient();
        var account = await ClaimAsync(admin);

        var response = await admin.PostAsJsonAsync("/api/decision-runs", new { accountIds = new[] { account } });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().Should().Be("/api/decision-runs/latest");
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = started.GetProperty("id").GetString();
        var run = await WaitUntilFinishedAsync(admin, id!);
        run.GetProperty("status").GetString().Should().Be("completed");
        run.GetProperty("accounts").GetInt32().Should().Be(1);
        run.GetProperty("done").GetInt32().Should().Be(1);
        (run.GetProperty("actionDecisions").GetInt32() + run.GetProperty("noActionDecisions").GetInt32()).Should().Be(1);
        run.GetProperty("failed").GetInt32().Should().Be(0);
        var log = await admin.GetFromJsonAsync<JsonElement>($"/api/decisions?accountId={account}&take=50");
        log.GetProperty("items").EnumerateArray().Should().Contain(d => d.GetProperty("proposedBy").GetString() == Actor.System.Id);
    }

    [Fact]
    public async Task Start_WhileAnotherRunHoldsTheLock_Is409_AndThatRunsProgressIsVisible()
    {
        using var admin = app.AdminClient();
        var runner = app.Services.GetRequiredService<DecisionRunner>();
        HttpResponseMessage response;
        JsonElement latest;
        // A run begun elsewhere (the schedule, another instance) holds the lock for its whole run.
        var lease = (await runner.TryBeginAsync("scheduled", "system:decision-run", ["no-account-is-decided-here"]))!;
        await using (lease)
        {
            response = await admin.PostAsJsonAsync("/api/decision-runs", new { });
            latest = await admin.GetFromJsonAsync<JsonElement>("/api/decision-runs/latest");
            await runner.RunAsync(lease); // decides nothing: its one account id matches no account
        }

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString().Should().Contain("Another decision run").And.Contain("/api/decision-runs/latest");
        latest.GetProperty("id").GetString().Should().Be(lease.Run.Id.ToString());
        latest.GetProperty("status").GetString().Should().Be("running");
        latest.GetProperty("trigger").GetString().Should().Be("scheduled");
    }

    [Fact]
    public async Task Start_WithAnUnknownAccount_Is400NamingAccountIds_AndFromACsmIs403()
    {
        using var admin = app.AdminClient();
        using var csm = await app.CsmAsync();

        var unknown = await admin.PostAsJsonAsync("/api/decision-runs", new { accountIds = new[] { "acc-nope" } });
        var forbidden = await csm.PostAsJsonAsync("/api/decision-runs", new { });
        var forbiddenRead = await csm.GetAsync("/api/decision-runs/latest");

        await unknown.ShouldName400Async("accountIds");
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        forbiddenRead.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private async Task<string> ClaimAsync(HttpClient client)
    {
        await foreach (var account in app.ClaimAccountsAsync(client))
            return account.GetProperty("id").GetString()!;
        throw new InvalidOperationException("No unclaimed account left.");
    }

    private static async Task<JsonElement> WaitUntilFinishedAsync(HttpClient client, string id)
    {
        for (var i = 0; i < 300; i++)
        {
            var latest = await client.GetFromJsonAsync<JsonElement>("/api/decision-runs/latest");
            if (latest.GetProperty("id").GetString() == id && latest.GetProperty("status").GetString() != "running")
                return latest;
            await Task.Delay(200);
        }
        throw new TimeoutException($"Decision run {id} did not finish within a minute.");
    }
}
