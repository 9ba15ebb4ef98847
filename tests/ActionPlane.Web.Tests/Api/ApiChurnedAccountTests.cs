using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Api;

/// <summary>A proposal made while the account was a customer, acted on through HTTP after it churned.</summary>
[Collection(AppCollection.Name)]
public sealed class ApiChurnedAccountTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Apply_OnAChurnedAccountsOpenProposal_Is422NamingTheChurn_AndAppliesNothing()
    {
        using var csm = await app.CsmAsync();
        var (account, proposal) = await app.FindApplicableAsync(csm);
        var accountId = account.GetProperty("id").GetString()!;
        var id = proposal.GetProperty("id").GetString()!;
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2));
        var reason = $"eligibility.churned: Account {accountId} churned on {day:yyyy-MM-dd}: former customers get no actions.";
        var trail = await csm.TrailTypesAsync(id);
        await using var churned = await app.ChurnUntilDisposedAsync(accountId, day);

        var simulate = await csm.PostAsync($"/api/proposals/{id}/simulate", null);
        var apply = await csm.ApplyAsync(id, Guid.NewGuid().ToString("N"));

        simulate.StatusCode.Should().Be(HttpStatusCode.OK, await simulate.Content.ReadAsStringAsync());
        var preview = await simulate.Content.ReadFromJsonAsync<JsonElement>();
        preview.ToString().Should().Contain($"churned on {day:yyyy-MM-dd}");
        var problem = await apply.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).Should().Equal(reason);
        problem.GetProperty("detail").GetString().Should().Contain($"churned on {day:yyyy-MM-dd}: former customers get no actions");
        var record = await csm.RecordAsync(id);
        record.GetProperty("status").GetString().Should().Be("allowed", "the refused apply leaves the proposal open, not applied");
        // The event log gains the simulation and the recorded refusal (every gate decision is), and no apply.
        (await csm.TrailTypesAsync(id)).Should().Equal([.. trail, "ActionSimulated", "PolicyEvaluated"]);
    }
}
