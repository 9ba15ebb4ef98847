using System.Globalization;
using System.Net;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Governance;

[Collection(AppCollection.Name)]
public sealed class MetricsEndpointTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Metrics_CountsTheApply_AndExposesProposalAndPolicyLatencyInstruments()
    {
        using var csm = await app.CsmAsync();
        using var scraper = app.CreateClient();
        var (_, proposal) = await app.FindApplicableAsync(csm);
        var before = Sum(await ScrapeAsync(scraper), "actionplane_actions_applied_total");

        var apply = await csm.ApplyAsync(proposal.GetProperty("id").GetString()!, "metrics-" + Guid.NewGuid().ToString("N"));

        apply.StatusCode.Should().Be(HttpStatusCode.OK, await apply.Content.ReadAsStringAsync());
        var text = await ScrapeAsync(scraper);
        Sum(text, "actionplane_actions_applied_total").Should().Be(before + 1);
        Sum(text, "actionplane_decisions_proposed_total").Should().BeGreaterThan(0);
        Sum(text, "actionplane_policy_evaluation_duration_milliseconds_count").Should().BeGreaterThanOrEqualTo(2, "the propose and the apply were gated");
        text.Should().Contain("# TYPE actionplane_actions_undone_total counter");
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
