using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ActionPlane.Policies.Tests;

/// <summary>The OPA server cannot run here, so a handler answers exactly as OPA's REST Data API does.</summary>
public sealed class OpaHttpPolicyEngineTests
{
    private sealed class OpaStub(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<(string Path, JsonNode? Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.RequestUri!.AbsolutePath, JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))));
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }

    private static (OpaHttpPolicyEngine Engine, OpaStub Stub) Create(HttpStatusCode status, string body)
    {
        var stub = new OpaStub(status, body);
        return (new OpaHttpPolicyEngine(new HttpClient(stub) { BaseAddress = new Uri("http://opa.local:8181/") }, "bundle-7"), stub);
    }

    [Fact]
    public async Task Gate_PostsInputToTheDataApi_AndMapsTheDecision()
    {
        var (engine, stub) = Create(HttpStatusCode.OK, """
            {"decision_id": "d-1", "result": {"allow": false, "deny": [{"rule": "frequency_cap.user_weekly", "message": "too many"}], "requires_approval": true, "obligations": {"log": true}}}
            """);

        var decision = await engine.EvaluateGateAsync(new JsonObject { ["operation"] = "propose" });

        stub.Requests.Should().ContainSingle().Which.Path.Should().Be("/v1/data/actionplane/gate/decision");
        stub.Requests[0].Body!["input"]!["operation"]!.GetValue<string>().Should().Be("propose");
        decision.DecisionId.Should().Be("d-1");
        decision.Allow.Should().BeFalse();
        decision.Deny.Should().Equal(new PolicyViolation("frequency_cap.user_weekly", "too many"));
        decision.RequiresApproval.Should().BeTrue();
        decision.Revision.Should().Be("bundle-7");
    }

    [Fact]
    public async Task Undefined_IsNull_NotFalse()
    {
        var (engine, _) = Create(HttpStatusCode.OK, "{}");
        var (falseEngine, _) = Create(HttpStatusCode.OK, """{"result": false}""");

        (await engine.EvaluateAsync("actionplane/authz/allow", [])).Should().BeNull();
        (await falseEngine.EvaluateAsync("actionplane/authz/allow", []))!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task Gate_FailsClosed_WhenUndefinedOrServerErrors()
    {
        var (undefined, _) = Create(HttpStatusCode.OK, "{}");
        var (broken, _) = Create(HttpStatusCode.InternalServerError, """{"code": "internal_error", "message": "boom"}""");

        var a = await undefined.EvaluateGateAsync([]);
        var b = await broken.EvaluateGateAsync([]);

        a.Allow.Should().BeFalse();
        a.Error.Should().Contain("undefined");
        b.Allow.Should().BeFalse();
        b.Error.Should().Contain("500").And.Contain("boom");
    }
}
