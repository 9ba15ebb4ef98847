using System.Text.Json.Nodes;
using ActionPlane.Policies.Bundles;

namespace ActionPlane.Policies.Tests.Bundles;

public sealed class ReloadingPolicyEngineTests : IDisposable
{
    private const string GateV1 = """
        package actionplane.gate

        decision := {"allow": count(deny) == 0, "deny": deny}

        deny contains {"rule": "caps.weekly", "message": "too many nudges"} if {
        	input.nudges > data.limits.weekly
        }
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ap-reload-" + Guid.NewGuid().ToString("N"));

    public ReloadingPolicyEngineTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "actionplane", "gate"));
        Write("actionplane/gate/gate.rego", GateV1);
        Write("data.json", """{"limits": {"weekly": 3}}""");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string relative, string text) => File.WriteAllText(Path.Combine(_dir, relative), text);

    private static JsonObject Nudges(int n) => new() { ["nudges"] = n };

    [Fact]
    public async Task ReloadAsync_ActivatesANewRevision_WhenAFileChanges()
    {
        using var engine = new ReloadingPolicyEngine(_dir, watch: false);
        var before = engine.Revision;
        (await engine.EvaluateGateAsync(Nudges(4))).Allow.Should().BeFalse();

        Write("data.json", """{"limits": {"weekly": 5}}""");
        var result = await engine.ReloadAsync();

        result.Changed.Should().BeTrue();
        result.Error.Should().BeNull();
        engine.Revision.Should().NotBe(before).And.Be(result.Revision);
        var decision = await engine.EvaluateGateAsync(Nudges(4));
        decision.Allow.Should().BeTrue();
        decision.Revision.Should().Be(engine.Revision);
    }

    [Fact]
    public async Task ReloadAsync_KeepsTheRevision_WhenNothingChanged()
    {
        using var engine = new ReloadingPolicyEngine(_dir, watch: false);
        var current = engine.Current;

        var result = await engine.ReloadAsync();

        result.Changed.Should().BeFalse();
        result.Error.Should().BeNull();
        engine.Current.Should().BeSameAs(current);
    }

    [Fact]
    public async Task ReloadAsync_RejectsABrokenRegoFile_WithFileRowCol_AndKeepsThePreviousRevision()
    {
        using var engine = new ReloadingPolicyEngine(_dir, watch: false);
        var before = engine.Revision;

        Write("actionplane/gate/gate.rego", GateV1.Replace("count(deny) == 0", "count(deny) == ", StringComparison.Ordinal));
        var result = await engine.ReloadAsync();

        result.Changed.Should().BeFalse();
        result.Error.Should().NotBeNull();
        result.Error!.File.Should().Be("actionplane/gate/gate.rego");
        result.Error.Row.Should().Be(3);
        result.Error.Col.Should().BePositive();
        result.Error.Message.Should().StartWith($"actionplane/gate/gate.rego:3:{result.Error.Col}");
        engine.LastReloadError.Should().BeSameAs(result.Error);
        engine.Revision.Should().Be(before);
        (await engine.EvaluateGateAsync(Nudges(4))).Allow.Should().BeFalse("the previous revision still decides");
    }

    [Fact]
    public async Task ReloadAsync_RejectsBrokenJsonData_WithItsLocation_ThenClearsTheError_OnceFixed()
    {
        using var engine = new ReloadingPolicyEngine(_dir, watch: false);
        var before = engine.Revision;

        Write("data.json", "{\"limits\": {\n  \"weekly\": 3,,\n}}");
        var broken = await engine.ReloadAsync();
        Write("data.json", """{"limits": {"weekly": 10}}""");
        var fixedResult = await engine.ReloadAsync();

        broken.Error!.Message.Should().StartWith("data.json:2:");
        broken.Revision.Should().Be(before);
        fixedResult.Changed.Should().BeTrue();
        engine.LastReloadError.Should().BeNull();
        (await engine.EvaluateGateAsync(Nudges(9))).Allow.Should().BeTrue();
    }

    [Fact]
    public void Constructor_Throws_WhenTheInitialBundleIsBroken()
    {
        Write("actionplane/gate/broken.rego", "package actionplane.gate\n\nx := {\n");

        var act = () => new ReloadingPolicyEngine(_dir, watch: false);

        act.Should().Throw<PolicyLoadException>().Which.File.Should().Be("actionplane/gate/broken.rego");
    }

    [Fact]
    public async Task Watcher_ReloadsOnceTheFolderGoesQuiet_AfterAFileIsSaved()
    {
        using var engine = new ReloadingPolicyEngine(_dir, debounce: TimeSpan.FromMilliseconds(100));
        var before = engine.Revision;
        var reloaded = new TaskCompletionSource<BundleReloadResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Reloaded += (_, r) =>
        {
            if (r.Changed)
            {
                reloaded.TrySetResult(r);
            }
        };

        Write("data.json", """{"limits": {"weekly": 7}}""");
        var result = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(20));

        result.Revision.Should().NotBe(before);
        engine.Revision.Should().Be(result.Revision);
        (await engine.EvaluateGateAsync(Nudges(6))).Allow.Should().BeTrue();
    }

    [Fact]
    public async Task Evaluations_AlwaysSeeAWholeRevision_WhileReloadsSwapTheEngine()
    {
        using var engine = new ReloadingPolicyEngine(_dir, watch: false);
        var revisions = new HashSet<string> { engine.Revision };
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var seen = new List<(string Revision, bool Allow, string? Error)>();
            while (!stop.IsCancellationRequested)
            {
                var d = await engine.EvaluateGateAsync(Nudges(4));
                seen.Add((d.Revision, d.Allow, d.Error));
            }

            return seen;
        })).ToList();

        for (var i = 0; i < 20; i++)
        {
            var weekly = i % 2 == 0 ? 5 : 3;
            Write("data.json", $$"""{"limits": {"weekly": {{weekly}} } }""");
            revisions.Add((await engine.ReloadAsync()).Revision);
        }

        await stop.CancelAsync();
        var seen = (await Task.WhenAll(readers)).SelectMany(s => s).ToList();

        seen.Should().NotBeEmpty();
        seen.Should().OnlyContain(s => s.Error == null && revisions.Contains(s.Revision));
        // weekly=3 (initial and odd steps) denies 4 nudges; weekly=5 allows them: never a mix within one revision.
        seen.GroupBy(s => s.Revision).Should().OnlyContain(g => g.Select(s => s.Allow).Distinct().Count() == 1);
    }
}
