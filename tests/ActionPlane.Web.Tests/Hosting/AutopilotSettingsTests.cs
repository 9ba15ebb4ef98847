using ActionPlane.Web.Hosting;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace ActionPlane.Web.Tests.Hosting;

/// <summary>ActionPlane:Autopilot:* — off in the shipped appsettings, on in the demo setup, bad values named.</summary>
public sealed class AutopilotSettingsTests
{
    private static readonly TestHostEnvironment s_development = new("Development");
    private static readonly TestHostEnvironment s_production = new("Production");

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void ShippedAppSettings_AreOff_EveryFiveMinutes_AtMost100PerRun()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");

        var settings = AutopilotSettings.Read(new ConfigurationBuilder().AddJsonFile(path).Build(), s_production);

        settings.Should().Be(new AutopilotSettings(false, TimeSpan.FromMinutes(5), 100), "a production tenant opts in");
    }

    [Fact]
    public void ShippedDevelopmentSettings_TurnItOn_ForTheDemo()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json"))
            .Build();

        AutopilotSettings.Read(configuration, s_development).Enabled.Should().BeTrue();
    }

    [Fact]
    public void Unset_FollowsTheDemoSetup()
    {
        AutopilotSettings.Read(Config(("ActionPlane:Demo:Enabled", "true")), s_development).Enabled.Should().BeTrue();
        AutopilotSettings.Read(Config(("ActionPlane:Demo:Enabled", "true")), s_production).Enabled.Should().BeFalse("the demo never runs in Production");
        AutopilotSettings.Read(Config(), s_development).Enabled.Should().BeFalse();
    }

    [Fact]
    public void Values_ReachTheSettings()
    {
        var settings = AutopilotSettings.Read(Config(("ActionPlane:Autopilot:Enabled", "true"), ("ActionPlane:Autopilot:IntervalMinutes", "0.5"),
            ("ActionPlane:Autopilot:MaxAppliesPerRun", "20")), s_production);

        settings.Should().Be(new AutopilotSettings(true, TimeSpan.FromSeconds(30), 20));
    }

    [Theory]
    [InlineData("Enabled", "yes", "ActionPlane:Autopilot:Enabled must be true or false")]
    [InlineData("IntervalMinutes", "0", "ActionPlane:Autopilot:IntervalMinutes must be a number between")]
    [InlineData("MaxAppliesPerRun", "2.5", "ActionPlane:Autopilot:MaxAppliesPerRun must be a whole number between 1 and 10000")]
    public void BadValue_StopsTheStart_NamingTheKey(string key, string value, string message)
    {
        var act = () => AutopilotSettings.Read(Config(("ActionPlane:Autopilot:" + key, value)), s_production);

        act.Should().Throw<StartupConfigurationException>().WithMessage(message + "*");
    }
}
