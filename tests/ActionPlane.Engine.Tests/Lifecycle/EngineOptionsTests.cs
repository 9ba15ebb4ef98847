using System.Text.Json.Nodes;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Storage;
using ActionPlane.Policies;
using ActionPlane.Policies.Bundles;
using Microsoft.Extensions.DependencyInjection;
// The alias picks the Opa engine while an older duplicate still exists in ActionPlane.Policies.
using OpaHttpPolicyEngine = ActionPlane.Policies.Opa.OpaHttpPolicyEngine;

namespace ActionPlane.Engine.Tests.Lifecycle;

public sealed class EngineOptionsTests
{
    private static ActionPlaneEngineOptions Valid() => new()
    {
        ConnectionString = "Host=localhost;Password=secret-password",
        RollbackTokenKey = "0123456789abcdef0123456789abcdef",
    };

    [Fact]
    public void Copy_CarriesEverySetting_AndChangesToItsDecisioningLeaveTheOriginal()
    {
        var options = Valid();
        options.SchemaName = "tenant_a";
        options.OpaUrl = "http://opa:8181";
        options.EnvironmentName = "sandbox";
        options.Decisioning.WeeklyBudget = 500m;
        options.Decisioning.ProposalTtlDays = 3;

        var copy = options.Copy();
        copy.Decisioning.WeeklyBudget = 10m;
        copy.TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();

        copy.Should().BeEquivalentTo(options, o => o.Excluding(x => x.Decisioning).Excluding(x => x.TimeProvider));
        copy.Decisioning.ProposalTtlDays.Should().Be(3);
        copy.Decisioning.Arbitration.Should().Be(options.Decisioning.Arbitration);
        options.Decisioning.WeeklyBudget.Should().Be(500m);
        options.TimeProvider.Should().Be(TimeProvider.System);
    }

    [Fact]
    public void AddActionPlaneEngine_WithShortRollbackKey_FailsNamingTheField()
    {
        var options = Valid();
        options.RollbackTokenKey = "too-short";

        var act = () => new ServiceCollection().AddActionPlaneEngine(options);

        act.Should().Throw<ArgumentException>().WithMessage("*RollbackTokenKey*32 bytes*");
    }

    [Fact]
    public void AddActionPlaneEngine_WithoutConnectionString_FailsNamingTheField()
    {
        var options = Valid();
        options.ConnectionString = "";

        var act = () => new ServiceCollection().AddActionPlaneEngine(options);

        act.Should().Throw<ArgumentException>().WithMessage("*ConnectionString*");
    }

    [Theory]
    [InlineData("Drop-Me")]
    [InlineData("1schema")]
    [InlineData("a;b")]
    public void Validate_RejectsUnsafeSchemaNames(string schema)
    {
        var options = Valid();
        options.SchemaName = schema;

        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithMessage("*SchemaName*");
    }

    [Fact]
    public void SecretsNeverAppearInToString()
    {
        var options = Valid();

        options.ToString().Should().NotContain(options.RollbackTokenKey).And.NotContain("secret-password");
        new RollbackTokenKey(options.RollbackTokenKey).ToString().Should().NotContain(options.RollbackTokenKey);
    }

    [Fact]
    public void PoliciesDirectory_DefaultsToTheBundleCopiedNextToTheBinaries()
    {
        var options = Valid();

        Directory.Exists(options.PoliciesDirectory).Should().BeTrue();
        File.Exists(Path.Combine(options.PoliciesDirectory, "data.json")).Should().BeTrue();
    }

    [Fact]
    public void PolicyEngine_IsTheReloadingBundle_ByDefault_AndOpa_WhenAnOpaUrlIsSet()
    {
        var embedded = Valid();
        embedded.WatchPolicies = false;
        var opa = Valid();
        opa.OpaUrl = "http://127.0.0.1:8181";
        opa.OpaTimeout = TimeSpan.FromMilliseconds(300);

        using var embeddedServices = new ServiceCollection().AddActionPlaneEngine(embedded).BuildServiceProvider();
        using var opaServices = new ServiceCollection().AddActionPlaneEngine(opa).BuildServiceProvider();

        embeddedServices.GetRequiredService<IPolicyEngine>().Should().BeOfType<ReloadingPolicyEngine>()
            .Which.Directory.Should().Be(Path.GetFullPath(embedded.PoliciesDirectory));
        opaServices.GetRequiredService<IPolicyEngine>().Should().BeOfType<OpaHttpPolicyEngine>()
            .Which.BaseUrl.Should().Be(new Uri("http://127.0.0.1:8181/"));
    }

    [Fact]
    public void PolicyEngine_RegisteredBeforeTheEngine_Wins()
    {
        var mine = new FixedEngine();

        using var services = new ServiceCollection().AddSingleton<IPolicyEngine>(mine).AddActionPlaneEngine(Valid()).BuildServiceProvider();

        services.GetRequiredService<IPolicyEngine>().Should().BeSameAs(mine);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://opa.local")]
    public void AddActionPlaneEngine_WithBadOpaUrl_FailsNamingTheField(string url)
    {
        var options = Valid();
        options.OpaUrl = url;

        var act = () => new ServiceCollection().AddActionPlaneEngine(options);

        act.Should().Throw<ArgumentException>().WithMessage("*OpaUrl*");
    }

    [Fact]
    public void AddActionPlaneEngine_WithNonPositiveOpaTimeout_FailsNamingTheField()
    {
        var options = Valid();
        options.OpaTimeout = TimeSpan.Zero;

        var act = () => new ServiceCollection().AddActionPlaneEngine(options);

        act.Should().Throw<ArgumentException>().WithMessage("*OpaTimeout*");
    }

    [Fact]
    public void OpaCredentials_NeverAppearInToString()
    {
        var options = Valid();
        options.OpaUrl = "https://svc:opa-secret@opa.internal:8181/";

        options.ToString().Should().Contain("opa.internal:8181").And.NotContain("opa-secret");
    }

    // A stand-in registered by a deployment; it is never evaluated here.
    private sealed class FixedEngine : IPolicyEngine
    {
        public string Revision => "fixed";

        public ValueTask<PolicyDecision> EvaluateGateAsync(JsonObject input, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(PolicyDecision.FailClosed("d", Revision, "not evaluated"));

        public ValueTask<JsonNode?> EvaluateAsync(string path, JsonObject input, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<JsonNode?>(null);
    }
}
