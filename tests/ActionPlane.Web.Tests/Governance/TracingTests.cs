using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ActionPlane.Engine.Telemetry;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Governance;

[Collection(AppCollection.Name)]
public sealed class TracingTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Apply_IsOneSpan_WithThePolicyEvaluationAsItsChild_TaggedWithTheVerdict()
    {
        using var csm = await app.CsmAsync();
        var (_, proposal) = await app.FindApplicableAsync(csm);
        var id = proposal.GetProperty("id").GetString()!;
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ActionPlaneTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var response = await csm.ApplyAsync(id, "trace-" + Guid.NewGuid().ToString("N"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var apply = spans.Should().ContainSingle(s => s.OperationName == "actionplane.apply" && (string?)s.GetTagItem("actionplane.proposal_id") == id).Subject;
        var policy = spans.Should().ContainSingle(s => s.OperationName == "actionplane.policy" && s.ParentSpanId == apply.SpanId).Subject;
        policy.GetTagItem("actionplane.operation").Should().Be("apply");
        policy.GetTagItem("actionplane.policy.allow").Should().Be(true);
        policy.TraceId.Should().Be(apply.TraceId);
    }
}
