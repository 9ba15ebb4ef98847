using System.Text.Json.Nodes;
using ActionPlane.Policies.Opa;

namespace ActionPlane.Policies.Tests.Opa;

public sealed class OpaHttpPolicyEngineTests
{
    private static JsonObject Input() => new()
    {
        ["action"] = new JsonObject { ["type"] = "schedule_nudge" },
        ["user"] = new JsonObject { ["id"] = "usr-1", ["email"] = "a@b.example" },
    };

    [Fact]
    public async Task Gate_Allows_WhenOpaAllows_AndPostsInputToTheDataApi()
    {
        await using var opa = FakeOpaServer.Answering(200, """
            {"decision_id":"d-17","provenance":{"version":"1.0.0","bundles":{"actionplane":{"revision":"rev-42"}}},
             "result":{"allow":true,"deny":[],"requires_approval":true,"obligations":{"rollback":"delete_nudge"}}}
            """);
        using var engine = new OpaHttpPolicyEngine(opa.BaseUrl, FakeOpaServer.AnswerTimeout);
        var input = Input();

        var decision = await engine.EvaluateGateAsync(input);

        decision.Allow.Should().BeTrue();
        decision.Error.Should().BeNull();
        decision.DecisionId.Should().Be("d-17");
        decision.RequiresApproval.Should().BeTrue();
        decision.Obligations["rollback"]!.GetValue<string>().Should().Be("delete_nudge");
        decision.Revision.Should().Be("actionplane:rev-42");
        engine.Revision.Should().Be("actionplane:rev-42");
        opa.Requests.Should().ContainSingle();
        opa.Requests[0].PathAndQuery.Should().StartWith("/v1/data/actionplane/gate/decision");
        JsonNode.DeepEquals(opa.Requests[0].Body["input"], input).Should().BeTrue();
    }

    [Fact]
    public async Task Gate_Denies_WithTheReasonsOpaGives()
    {
        await using var opa = FakeOpaServer.Answering(200, """
            {"result":{"allow":false,"deny":[{"rule":"frequency.user_cap","message":"3 nudges in 7 days"},{"rule":"consent.opted_out","message":"user opted out"}]}}
            """);
        using var engine = new OpaHttpPolicyEngine(opa.BaseUrl, FakeOpaServer.AnswerTimeout);

        var decision = await engine.EvaluateGateAsync(Input());

        decision.Allow.Should().BeFalse();
        decision.Error.Should().BeNull();
        decision.Deny.Select(d => d.Rule).Should().Equal("frequency.user_cap", "consent.opted_out");
        decision.Deny[0].Message.Should().Be("3 nudges in 7 days");
    }

    [Fact]
    public async Task Gate_Denies_WhenOpaSaysAllowButListsViolations()
    {
        await using var opa = FakeOpaServer.Answering(200, """{"result":{"allow":true,"deny":[{"rule":"windows.freeze","message":"frozen"}]}}""");
        using var engine = new OpaHttpPolicyEngine(opa.BaseUrl, FakeOpaServer.AnswerTimeout);

        var decision = await engine.EvaluateGateAsync(Input());

        decision.Allow.Should().BeFalse();
        decision.Deny.Should().ContainSingle(d => d.Rule == "windows.freeze");
    }

    [Fact]
    public async Task Gate_FailsClosed_WhenTheResultIsUndefined()
    {
        await using var opa = FakeOpaServer.Answering(200, "{}");
        using var engine = new OpaHttpPolicyEngine(opa.BaseUrl, FakeOpaServer.AnswerTimeout);

        var decision = await engine.EvaluateGateAsync(Input());

        decision.Allow.Should().BeFalse();
        decision.Error.Should().Contain("undefined");
        decision.Deny.Should().ContainSingle(d => d.Rule == "evaluation_error");
    }

    [Fact]
    public async Task EvaluateAsync_ReturnsNull_WhenUndefined_ButFalse_WhenResultIsFalse()
    {
        await using var opa = new FakeOpaServer((path, _) => Task.FromResult(path.EndsWith("/missing", StringComparison.Ordinal)
            ? (200, "{}")
            : (200, """{"result":false}""")));
        using var engine = new OpaHttpPolicyEngine(opa.BaseUrl, FakeOpaServer.AnswerTimeout);

        var undefined = await engine.EvaluateAsync("data.actionplane.authz.missing", Input());
        var denied = await engine.EvaluateAsync("actionplane/authz/allow", Input());

        undefined.Should().BeNull();
        denied.Should().NotBeNull();
        denied!.GetValue<bool>().Should().BeFalse();
        opa.Requests.Select(r => r.PathAndQuery.Split('?')[0]).Should()
            .BeEquivalentTo("/v1/data/actionplane/authz/missing", "/v1/data/actionplane/authz/allow");
    }

    [Fact]
    public async Task Gate_FailsClosed_WithOpasErrorCode_OnServerError()
    {
        await using var opa = FakeOpaServer.Answering(500, """{"code":"internal_error","message":"eval_conflict_error: complete rules must not produce multiple outputs"}""");
        using var engine = new OpaHttpPolicyEngine(opa.BaseUrl, FakeOpaServer.AnswerTimeout);

        var decision = await engine.EvaluateGateAsync(Input());

        decision.Allow.Should().BeFalse();
        decision.Error.Should().Contain("500").And.Contain("internal_error").And.Contain("eval_conflict_error");
    }

    [Fact]
    public async Task EvaluateAsync_Throws_OnServerError()
    {
        await using var opa = FakeOpaServer.Answering(400, """{"code":"invalid_parameter","message":"bad input"}""");
        using var engine = new OpaHttpPolicyEngine(opa.BaseUrl, FakeOpaServer.AnswerTimeout);

        var act = async () => await engine.EvaluateAsync("actionplane/authz/allow", Input());

        (await act.Should().ThrowAsync<PolicyEvaluationException>()).Which.Message.Should().Contain("400").And.Contain("bad input");
    }

    [Fact]
    public async Task Gate_FailsClosed_WhenOpaIsSlowerThanTheTimeout()
    {
        using var release = new CancellationTokenSource();
        await using var opa = new FakeOpaServer(async (_, _) =>
        {
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { });
            return (200, """{"result":{"allow":true}}""");
        });
        using var engine = new OpaHttpPolicyEngine(opa.BaseUrl, TimeSpan.FromMilliseconds(200));

        var decision = await engine.EvaluateGateAsync(Input());
        await release.CancelAsync();

        decision.Allow.Should().BeFalse();
        decision.Error.Should().Contain("did not answer").And.Contain("200 ms");
    }

    [Theory]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("""{"result":{"allow":tru""")]
    [InlineData("[1,2,3]")]
    public async Task Gate_FailsClosed_OnAMalformedBody(string body)
    {
        await using var opa = FakeOpaServer.Answering(200, body);
        using var engine = new OpaHttpPolicyEngine(opa.BaseUrl, FakeOpaServer.AnswerTimeout);

        var decision = await engine.EvaluateGateAsync(Input());

        decision.Allow.Should().BeFalse();
        decision.Error.Should().Contain("malformed");
    }

    [Theory]
    [InlineData("""{"result":"yes"}""", "must be an object")]
    [InlineData("""{"result":{"allow":"true"}}""", "allow must be a boolean")]
    [InlineData("""{"result":{"allow":true,"deny":["no"]}}""", "string rule")]
    public async Task Gate_FailsClosed_OnAResultOfTheWrongShape(string body, string expected)
    {
        await using var opa = FakeOpaServer.Answering(200, body);
        using var engine = new OpaHttpPolicyEngine(opa.BaseUrl, FakeOpaServer.AnswerTimeout);

        var decision = await engine.EvaluateGateAsync(Input());

        decision.Allow.Should().BeFalse();
        decision.Error.Should().Contain(expected);
    }

    [Fact]
    public async Task Gate_FailsClosed_WhenNothingListens_AndRevisionNamesTheUrl()
    {
        int port;
        await using (var probe = FakeOpaServer.Answering(200, "{}"))
        {
            port = probe.Port;
        }

        using var engine = new OpaHttpPolicyEngine(new Uri($"http://127.0.0.1:{port}"));

        var decision = await engine.EvaluateGateAsync(Input());

        decision.Allow.Should().BeFalse();
        decision.Error.Should().Contain("127.0.0.1");
        engine.Revision.Should().Be($"opa:http://127.0.0.1:{port}");
    }

    [Theory]
    [InlineData("/relative")]
    [InlineData("ftp://opa.example/")]
    public void Constructor_Rejects_ANonHttpBaseUrl(string url)
    {
        var act = () => new OpaHttpPolicyEngine(new Uri(url, UriKind.RelativeOrAbsolute));

        act.Should().Throw<ArgumentException>().WithParameterName("baseUrl");
    }

    [Fact]
    public async Task RefreshRevisionAsync_ReadsTheBundleRevisions_BeforeAnyDecision()
    {
        await using var opa = FakeOpaServer.Answering(200, """
            {"provenance":{"version":"1.0.0","bundles":{"authz":{"revision":"a1"},"actionplane":{"revision":"g7"}}},"result":{}}
            """);
        using var engine = new OpaHttpPolicyEngine(opa.BaseUrl, FakeOpaServer.AnswerTimeout);

        var revision = await engine.RefreshRevisionAsync();

        revision.Should().Be("actionplane:g7,authz:a1");
        engine.Revision.Should().Be(revision);
        opa.Requests.Should().ContainSingle().Which.PathAndQuery.Should().StartWith("/v1/data/system/bundles");
    }

    [Fact]
    public async Task RefreshRevisionAsync_KeepsTheUrlRevision_WhenOpaAnswersGarbage()
    {
        await using var opa = FakeOpaServer.Answering(200, "<html>proxy error</html>");
        using var engine = new OpaHttpPolicyEngine(opa.BaseUrl, FakeOpaServer.AnswerTimeout);

        var revision = await engine.RefreshRevisionAsync();

        revision.Should().Be($"opa:http://127.0.0.1:{opa.Port}");
    }
}
