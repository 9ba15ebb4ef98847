using ActionPlane.Engine.Training;
using ActionPlane.Web.Hosting;
using Microsoft.Extensions.Configuration;

namespace ActionPlane.Web.Tests.Hosting;

/// <summary>ActionPlane:Retraining:* reaches the scheduled retraining, the shipped appsettings turn it on weekly, and bad values are named.</summary>
public sealed class RetrainSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create("ActionPlane:Retraining:" + s.Key, (string?)s.Value))).Build();

    [Fact]
    public void Unset_IsOff_WithTheEngineDefaults()
    {
        var options = RetrainSettings.Read(Config());

        options.Should().Be(new ScheduledRetrainOptions());
        options.Enabled.Should().BeFalse("nothing retrains unless configured to");
    }

    [Fact]
    public void ShippedAppSettings_RetrainWeekly_OnAtLeast200NewLabels_EarlierOnFivePointsOfCalibrationDriftOrAuc()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var options = RetrainSettings.Read(new ConfigurationBuilder().AddJsonFile(path).Build());

        options.Enabled.Should().BeTrue();
        options.Interval.Should().Be(TimeSpan.FromDays(7));
        options.MinNewExamples.Should().Be(200);
        options.CalibrationDriftTrigger.Should().Be(0.05);
        options.AucDropTrigger.Should().Be(0.05);
        options.CheckEvery.Should().Be(TimeSpan.FromHours(1));
    }

    [Fact]
    public void Values_ReachTheOptions()
    {
        var options = RetrainSettings.Read(Config(("Enabled", "true"), ("CheckEveryMinutes", "5"), ("IntervalDays", "1.5"), ("MinNewExamples", "50"),
            ("CalibrationDriftTrigger", "0"), ("AucDropTrigger", "0.1"), ("MinRowsPerArm", "20"), ("MinChurnRows", "120")));

        options.Should().Be(new ScheduledRetrainOptions
        {
            Enabled = true, CheckEvery = TimeSpan.FromMinutes(5), Interval = TimeSpan.FromDays(1.5), MinNewExamples = 50, CalibrationDriftTrigger = 0, AucDropTrigger = 0.1, MinRowsPerArm = 20,
            MinChurnRows = 120,
        });
    }

    [Theory]
    [InlineData("Enabled", "yes", "ActionPlane:Retraining:Enabled must be true or false")]
    [InlineData("IntervalDays", "0", "ActionPlane:Retraining:IntervalDays must be a number between")]
    [InlineData("MinNewExamples", "2.5", "ActionPlane:Retraining:MinNewExamples must be a whole number")]
    [InlineData("CalibrationDriftTrigger", "5", "ActionPlane:Retraining:CalibrationDriftTrigger must be a number between 0 and 0.99")]
    [InlineData("AucDropTrigger", "-0.1", "ActionPlane:Retraining:AucDropTrigger must be a number between 0 and 0.99")]
    [InlineData("MinRowsPerArm", "3", "ActionPlane:Retraining:MinRowsPerArm must be a whole number between 10")]
    [InlineData("MinChurnRows", "10", "ActionPlane:Retraining:MinChurnRows must be a whole number between 50")]
    public void BadValue_StopsTheStart_NamingTheKey(string key, string value, string message)
    {
        var act = () => RetrainSettings.Read(Config((key, value)));

        act.Should().Throw<StartupConfigurationException>().WithMessage(message + "*");
    }
}
