using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Engine.Telemetry;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Http;

/// <summary>Traces across suggest → policy → apply, and the Prometheus metrics of authorization and operations.</summary>
[Collection(AppCollection.Name)]
public sealed class ObservabilityTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task SuggestPolicyApply_AreOneTrace_WhenTheCallerPropagatesItsTraceparent()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var traceparent = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01";
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ActionPlaneTelemetry.Name or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var csm = await app.CsmAsync();
        csm.DefaultRequestHeaders.Add("traceparent", traceparent);

        var proposalId = await ProposeApplicableAsync(csm);
        var apply = await csm.ApplyAsync(proposalId, "trace-" + Guid.NewGuid().ToString("N"));

        apply.StatusCode.Should().Be(HttpStatusCode.OK, await apply.Content.ReadAsStringAsync());
        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        var propose = trace.Should().Contain(s => s.OperationName == "actionplane.propose").Which;
        var applySpan = trace.Should().ContainSingle(s => s.OperationName == "actionplane.apply").Subject;
        trace.Should().Contain(s => s.OperationName == "actionplane.policy" && s.ParentSpanId == propose.SpanId, "the gate runs inside suggest");
        trace.Should().Contain(s => s.OperationName == "actionplane.policy" && s.ParentSpanId == applySpan.SpanId, "and again inside apply");
    }

    [Fact]
    public async Task Metrics_CountAuthorizationDenials_AndTimeEachOperation()
    {
        using var reviewer = await app.ReviewerAsync();
        using var scraper = app.CreateClient();
        var before = await ScrapeAsync(scraper);

        var denied = await reviewer.PostAsync("/api/accounts/no-such-account/proposals", null);
        var read = await reviewer.GetAsync("/api/decisions?take=1");
        var after = await ScrapeAsync(scraper);

        denied.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        read.StatusCode.Should().Be(HttpStatusCode.OK);
        Sum(after, "actionplane_authz_denials_total", "operation=\"propose\"").Should().Be(Sum(before, "actionplane_authz_denials_total", "operation=\"propose\"") + 1);
        Sum(after, "actionplane_operation_duration_milliseconds_count", "operation=\"read_audit\"")
            .Should().BeGreaterThan(Sum(before, "actionplane_operation_duration_milliseconds_count", "operation=\"read_audit\""));
        Sum(after, "actionplane_authz_evaluation_duration_milliseconds_count", "").Should().BePositive();
        after.Should().Contain("actionplane_actions_reversal_rate");
    }

    private async Task<string> ProposeApplicableAsync(HttpClient csm)
    {
        await foreach (var account in app.ClaimAccountsAsync(csm))
        {
            var response = await csm.PostAsync($"/api/accounts/{account.GetProperty("id").GetString()}/proposals", null);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            foreach (var proposal in (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposals").EnumerateArray())
            {
                var decision = proposal.GetProperty("policyDecision");
                if (decision.GetProperty("allow").GetBoolean() && !decision.GetProperty("requires_approval").GetBoolean()
                    && proposal.GetProperty("status").GetString() == "allowed")
                    return proposal.GetProperty("id").GetString()!;
            }
        }
        throw new InvalidOperationException("No unclaimed account has an allowed proposal that needs no approval.");
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return text;
    }

    // Sums the series of a metric whose labels contain `label` (e.g. operation="propose").
    private static double Sum(string exposition, string name, string label) => exposition
        .Split('\n')
        .Where(l => (l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal)) || (label.Length == 0 && l.StartsWith(name + " ", StringComparison.Ordinal)))
        .Sum(l => double.Parse(l[(l.IndexOf('}') is var close and >= 0 ? close + 1 : name.Length)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
}
