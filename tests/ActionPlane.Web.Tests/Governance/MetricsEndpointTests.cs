using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Governance;

[Collection(AppCollection.Name)]
public sealed class MetricsEndpointTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Metrics_CountsTheApplyAndTheUndo_AndExposesProposalAndPolicyLatencyInstruments()
    {
        using var csm = await app.CsmAsync();
        using var scraper = app.CreateClient();
        var (_, proposal) = await app.FindApplicableAsync(csm);
        var id = proposal.GetProperty("id").GetString()!;
        var before = await ScrapeAsync(scraper);

        var apply = await csm.ApplyAsync(id, "metrics-" + Guid.NewGuid().ToString("N"));
        var afterApply = await ScrapeAsync(scraper);
        var token = (await apply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rollbackToken").GetString()!;
        var undo = await csm.UndoAsync(id, token);
        var afterUndo = await ScrapeAsync(scraper);

        apply.StatusCode.Should().Be(HttpStatusCode.OK);
        undo.StatusCode.Should().Be(HttpStatusCode.OK, await undo.Content.ReadAsStringAsync());
        Sum(afterApply, "actionplane_actions_applied_total").Should().Be(Sum(before, "actionplane_actions_applied_total") + 1);
        Sum(afterUndo, "actionplane_actions_undone_total").Should().Be(Sum(afterApply, "actionplane_actions_undone_total") + 1);
        Sum(afterUndo, "actionplane_decisions_proposed_total").Should().BePositive();
        // Apply and undo are each gated once.
        Sum(afterUndo, "actionplane_policy_evaluation_duration_milliseconds_count")
            .Should().Be(Sum(before, "actionplane_policy_evaluation_duration_milliseconds_count") + 2);
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return text;
    }

    // Sums every series of a metric: lines "name{labels} value [timestamp]" or "name value".
    private static double Sum(string exposition, string name) => exposition
        .Split('\n')
        .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.IndexOf('}') is var close and >= 0 ? close + 1 : name.Length)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
}
