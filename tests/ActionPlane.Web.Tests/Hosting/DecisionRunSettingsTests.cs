using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Hosting;
using Microsoft.Extensions.Configuration;

namespace ActionPlane.Web.Tests.Hosting;

/// <summary>ActionPlane:DecisionRun:* reaches the weekly schedule (off unless set), its moments are computed in UTC, bad values are named; the proposal TTL is read too.</summary>
public sealed class DecisionRunSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void Unset_IsOff_MondayAtSixUtc()
    {
        var schedule = DecisionRunSettings.Read(Config());

        schedule.Should().Be(new DecisionRunSchedule());
        schedule.Enabled.Should().BeFalse("nothing decides on its own unless configured to");
        schedule.Day.Should().Be(DayOfWeek.Monday);
        schedule.TimeUtc.Should().Be(new TimeOnly(6, 0));
    }

    [Fact]
    public void ShippedAppSettings_LeaveTheScheduleOff()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");

        DecisionRunSettings.Read(new ConfigurationBuilder().AddJsonFile(path).Build()).Enabled.Should().BeFalse();
    }

    [Fact]
    public void Set_ReachesTheSchedule()
    {
        var schedule = DecisionRunSettings.Read(Config(("ActionPlane:DecisionRun:Enabled", "true"), ("ActionPlane:DecisionRun:Day", "wednesday"),
            ("ActionPlane:DecisionRun:TimeUtc", "22:30")));

        schedule.Should().Be(new DecisionRunSchedule { Enabled = true, Day = DayOfWeek.Wednesday, TimeUtc = new TimeOnly(22, 30) });
    }

    [Theory]
    [InlineData("Enabled", "yes", "ActionPlane:DecisionRun:Enabled must be true or false")]
    [InlineData("Day", "Funday", "ActionPlane:DecisionRun:Day must be a day of the week")]
    [InlineData("Day", "1", "ActionPlane:DecisionRun:Day must be a day of the week")]
    [InlineData("TimeUtc", "6am", "ActionPlane:DecisionRun:TimeUtc must be a time of day as HH:mm")]
    public void BadValue_StopsTheStart_NamingTheKey(string key, string value, string message)
    {
        var read = () => DecisionRunSettings.Read(Config(("ActionPlane:DecisionRun:" + key, value)));

        read.Should().Throw<StartupConfigurationException>().WithMessage($"*{message}*");
    }

    [Theory]
    [InlineData("2026-12-07T05:59:00Z", "2026-12-07T06:00:00Z")] // Monday before six: today
    [InlineData("2026-12-07T06:00:00Z", "2026-12-14T06:00:00Z")] // exactly at six: next week
    [InlineData("2026-12-09T12:00:00Z", "2026-12-14T06:00:00Z")] // Wednesday: next Monday
    public void NextAfter_IsTheNextMondayAtSix(string now, string next)
    {
        var schedule = new DecisionRunSchedule { Enabled = true };

        schedule.NextAfter(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Be(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ProposalTtlDays_IsSixByDefault_AndReadFromDecisioning()
    {
        var unset = new DecisioningOptions();
        var set = new DecisioningOptions();

        DecisioningSettings.Read(Config(), unset);
        DecisioningSettings.Read(Config(("ActionPlane:Decisioning:ProposalTtlDays", "14")), set);
        var bad = () => DecisioningSettings.Read(Config(("ActionPlane:Decisioning:ProposalTtlDays", "0")), new DecisioningOptions());

        unset.ProposalTtlDays.Should().Be(6);
        set.ProposalTtlDays.Should().Be(14);
        bad.Should().Throw<StartupConfigurationException>().WithMessage("*ProposalTtlDays*");
    }
}
