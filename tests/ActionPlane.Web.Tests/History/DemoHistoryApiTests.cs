using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.History;

/// <summary>The app on a demo tenant with a replayed history: the loop is closed from the first start.</summary>
[Collection(HistoryAppCollection.Name)]
public sealed class DemoHistoryApiTests(HistoryAppFixture app)
{
    [Fact]
    public async Task Ope_OnTheHistory_ReturnsEstimates_NotTheEmptyState()
    {
        using var reviewer = await app.ReviewerAsync();

        var report = await reviewer.GetFromJsonAsync<JsonElement>("/api/governance/ope");

        report.GetProperty("counts").GetProperty("usable").GetInt32().Should().BeGreaterThan(0, report.ToString());
        report.GetProperty("strategies").EnumerateArray().Select(s => s.GetProperty("strategy").GetString()).Should().Equal("no_action", "logged", "greedy");
        var holdout = report.GetProperty("holdout");
        holdout.GetProperty("holdoutAccounts").GetInt32().Should().BeGreaterThan(0, "the replay decides for held-out accounts too: " + holdout);
        holdout.GetProperty("engineAccounts").GetInt32().Should().BeGreaterThan(holdout.GetProperty("holdoutAccounts").GetInt32());
        holdout.GetProperty("lift").GetProperty("value").ValueKind.Should().Be(JsonValueKind.Number);
        // The reward model's baseline against what the held-out decisions kept, and DR's doing nothing against the holdout.
        var baseline = report.GetProperty("baseline");
        var heldOut = baseline.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == "holdout");
        heldOut.GetProperty("decisions").GetInt32().Should().Be(holdout.GetProperty("holdout").GetProperty("count").GetInt32(), "every holdout decision was logged with its churn probability");
        heldOut.GetProperty("predicted").GetDouble().Should().BeInRange(0, 1);
        heldOut.GetProperty("gap").GetProperty("value").GetDouble().Should().BeApproximately(
            heldOut.GetProperty("observed").GetProperty("value").GetDouble() - heldOut.GetProperty("predicted").GetDouble(), 1e-4);
        baseline.GetProperty("drNoActionLessHoldout").GetProperty("value").ValueKind.Should().Be(JsonValueKind.Number);
    }

    [Fact]
    public async Task Accounts_ListCustomersByDefault_AndTheChurnedOnRequest_WithTheirChurnDay()
    {
        using var csm = await app.CsmAsync();

        var customers = await csm.GetFromJsonAsync<JsonElement[]>("/api/accounts");
        var churned = await csm.GetFromJsonAsync<JsonElement[]>("/api/accounts?churned=true");

        churned.Should().NotBeEmpty("accounts churn over 15 simulated weeks");
        (customers!.Length + churned!.Length).Should().Be(HistoryAppFixture.Accounts);
        customers.Select(ChurnedOn).Should().OnlyContain(d => d == JsonValueKind.Undefined || d == JsonValueKind.Null);
        churned.Select(ChurnedOn).Should().OnlyContain(d => d == JsonValueKind.String);
    }

    private static JsonValueKind ChurnedOn(JsonElement account) => account.TryGetProperty("churnedOn", out var d) ? d.ValueKind : JsonValueKind.Undefined;

    [Fact]
    public async Task Propose_OnAChurnedAccount_Is409NamingTheAccountAndItsChurnDay()
    {
        using var csm = await app.CsmAsync();
        var churned = (await csm.GetFromJsonAsync<JsonElement[]>("/api/accounts?churned=true"))!.First();
        var id = churned.GetProperty("id").GetString();

        var response = await csm.PostAsJsonAsync($"/api/accounts/{id}/proposals", new { });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString().Should().Contain(id).And.Contain($"churned on {churned.GetProperty("churnedOn").GetString()}");
    }

    [Fact]
    public async Task Autopilot_ThisWeek_AppliesOnlyTheTypesTheHistoryEarnedUnattended()
    {
        // This week's decisions, as the weekly scheduler would make them. On a Monday the history ends the day before:
        // its last proposals lapsed, the run decides afresh and the autopilot below applies. On any other day the
        // replay's last week is this ISO week: the run finds it decided, and the replay's autopilot already applied.
        var run = await app.Services.GetRequiredService<DecisionRunner>().TryRunAsync("test", "test");
        run!.Status.Should().Be(DecisionRunStatus.Completed);
        using var admin = app.AdminClient();

        var response = await admin.PostAsJsonAsync("/api/autopilot/run", new { maxApplies = 50 });

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        summary.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("outcome").GetString() == "Applied")
            .Select(i => i.GetProperty("actionType").GetString()).Should().NotContain(t => t != "show_checklist" && t != "pin_shortcut");
        var weekStart = new DateTimeOffset(WeeklyBudgetReader.WeekStart(DateOnly.FromDateTime(DateTime.UtcNow)).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await using var query = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var unattended = await query.Query<ActionLifecycle>().Where(p => p.AppliedAt >= weekStart && p.AppliedBy == Actor.System.Id)
            .Select(p => p.ActionType).ToListAsync();
        unattended.Should().NotBeEmpty("this week's unattended applies, the replay's or this run's: " + summary);
        unattended.Should().OnlyContain(t => t == "show_checklist" || t == "pin_shortcut");
    }
}
