using ActionPlane.Engine.Training;

namespace ActionPlane.Web.Hosting;

/// <summary>
/// Reads <c>ActionPlane:Retraining:*</c> (README "Feedback loop"): Enabled, CheckEveryMinutes,
/// IntervalDays, MinNewExamples, CalibrationDriftTrigger, AucDropTrigger, MinRowsPerArm, MinChurnRows. Unset keys keep the defaults
/// of <see cref="ScheduledRetrainOptions"/>; a bad value stops the start naming the key.
/// </summary>
public static class RetrainSettings
{
    public static ScheduledRetrainOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("ActionPlane:Retraining");
        var d = new ScheduledRetrainOptions();
        var enabled = false;
        if (section["Enabled"] is { Length: > 0 } text && !bool.TryParse(text, out enabled))
            throw new StartupConfigurationException($"ActionPlane:Retraining:Enabled must be true or false, got '{text}'.");
        return new ScheduledRetrainOptions
        {
            Enabled = enabled,
            CheckEvery = TimeSpan.FromMinutes(DecisioningSettings.Number(section, "CheckEveryMinutes", d.CheckEvery.TotalMinutes, 0.01, 7 * 24 * 60)),
            Interval = TimeSpan.FromDays(DecisioningSettings.Number(section, "IntervalDays", d.Interval.TotalDays, 0.001, 366)),
            MinNewExamples = (int)DecisioningSettings.Number(section, "MinNewExamples", d.MinNewExamples, 1, 10_000_000, integer: true),
            CalibrationDriftTrigger = DecisioningSettings.Number(section, "CalibrationDriftTrigger", d.CalibrationDriftTrigger, 0, 0.99),
            AucDropTrigger = DecisioningSettings.Number(section, "AucDropTrigger", d.AucDropTrigger, 0, 0.99),
            MinRowsPerArm = (int)DecisioningSettings.Number(section, "MinRowsPerArm", d.MinRowsPerArm, 10, 1_000_000, integer: true),
            MinChurnRows = (int)DecisioningSettings.Number(section, "MinChurnRows", d.MinChurnRows, ChurnRetrainOptions.MinRowsFloor, 10_000_000, integer: true),
        };
    }
}
