using ActionPlane.Engine.Decisioning.OffPolicy;
using ActionPlane.Engine.Storage;
using ActionPlane.Web.Hosting;
using ActionPlane.Web.Hosting.Preparation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActionPlane.Web.Tests.Hosting;

/// <summary>The policy settings (ActionPlane:Policy:*) reach the engine options, the decisioning ones the off-policy evaluator, and bad values are named.</summary>
public sealed class EngineSetupTests
{
    private static WebApplicationBuilder Builder(params (string Key, string Value)[] settings) => Builder("Production", settings);

    private static WebApplicationBuilder Builder(string environment, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:ActionPlane"] = "Host=127.0.0.1;Database=unused",
            ["ActionPlane:RollbackTokenKey"] = "rollback-key-0123456789-abcdefghijklmnop",
        }.Concat(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))));
        return builder;
    }

    private static ActionPlaneEngineOptions Options(WebApplicationBuilder builder) =>
        (ActionPlaneEngineOptions)builder.Services.Single(d => d.ServiceType == typeof(ActionPlaneEngineOptions)).ImplementationInstance!;

    [Fact]
    public void PolicySettings_ReachTheEngineOptions()
    {
        var builder = Builder(
            ("ActionPlane:Policy:OpaUrl", "http://127.0.0.1:8181"),
            ("ActionPlane:Policy:OpaTimeoutSeconds", "1.5"),
            ("ActionPlane:Policy:Watch", "false"));

        builder.AddActionPlaneEngine();

        var options = Options(builder);
        options.OpaUrl.Should().Be("http://127.0.0.1:8181");
        options.OpaTimeout.Should().Be(TimeSpan.FromSeconds(1.5));
        options.WatchPolicies.Should().BeFalse();
    }

    [Fact]
    public void PolicySettings_Default_ToTheWatchedEmbeddedBundle()
    {
        var builder = Builder();

        builder.AddActionPlaneEngine();

        var options = Options(builder);
        options.OpaUrl.Should().BeNull();
        options.WatchPolicies.Should().BeTrue();
    }

    [Theory]
    [InlineData("ActionPlane:Policy:OpaTimeoutSeconds", "soon")]
    [InlineData("ActionPlane:Policy:OpaTimeoutSeconds", "0")]
    [InlineData("ActionPlane:Policy:Watch", "sometimes")]
    [InlineData("ActionPlane:Policy:OpaUrl", "opa.local:8181")]
    public void BadPolicySetting_FailsAtStartup_NamingIt(string key, string value)
    {
        var builder = Builder((key, value));

        var act = () => builder.AddActionPlaneEngine();

        act.Should().Throw<StartupConfigurationException>().WithMessage($"*{key.Split(':')[^1]}*");
    }

    [Fact]
    public void DecisioningSettings_ReachTheOffPolicyEvaluator_AsTheCliReadsThem()
    {
        // The CLI's `ope --config` reads the same keys through the same DecisioningConfiguration (OpeCommandTests).
        var builder = Builder(("ActionPlane:Decisioning:UncertaintyPenalty", "2"));

        builder.AddActionPlaneEngine();
        using var app = builder.Build();

        app.Services.GetRequiredService<DecisionLogEvaluator>().Settings.UncertaintyPenalty.Should().Be(2);
    }

    [Fact]
    public void BadDemoSetting_FailsAtStartup_NamingIt_NotInTheBackgroundPreparation()
    {
        var builder = Builder("Development", ("ActionPlane:Demo:Enabled", "true"), ("ActionPlane:Demo:HistoryWeeks", "many"));

        var act = () => builder.AddActionPlaneEngine();

        act.Should().Throw<StartupConfigurationException>().WithMessage("*HistoryWeeks*");
    }

    [Fact]
    public void WithoutTheDemo_TheAppIsReadyAtOnce_AndPreparesNothing()
    {
        // Production never runs the demo, whatever ActionPlane:Demo:Enabled says.
        var builder = Builder(("ActionPlane:Demo:Enabled", "true"));

        builder.AddActionPlaneEngine();
        using var app = builder.Build();

        app.Services.GetRequiredService<DemoPreparation>().IsReady.Should().BeTrue();
        app.Services.GetServices<IHostedService>().OfType<DemoPreparationService>().Should().BeEmpty();
    }
}
