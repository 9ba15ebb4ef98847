namespace ActionPlane.Web.Hosting;

/// <summary>
/// <c>ActionPlane:Autopilot:*</c> (README "Unattended actions"): Enabled, IntervalMinutes, MaxAppliesPerRun.
/// Enabled unset means on in the demo setup and off otherwise: a production tenant opts in. A bad value
/// stops the start naming the key.
/// </summary>
public sealed record AutopilotSettings(bool Enabled, TimeSpan Interval, int MaxAppliesPerRun)
{
    public const double DefaultIntervalMinutes = 5;
    public const int DefaultMaxAppliesPerRun = 100;
    public const int MaxAppliesLimit = 10_000;

    public static AutopilotSettings Read(IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection("ActionPlane:Autopilot");
        var enabled = HostingSettings.DemoEnabled(configuration, environment);
        if (section["Enabled"] is { Length: > 0 } text && !bool.TryParse(text, out enabled))
            throw new StartupConfigurationException($"ActionPlane:Autopilot:Enabled must be true or false, got '{text}'.");
        return new AutopilotSettings(
            enabled,
            TimeSpan.FromMinutes(DecisioningSettings.Number(section, "IntervalMinutes", DefaultIntervalMinutes, 0.01, 24 * 60)),
            (int)DecisioningSettings.Number(section, "MaxAppliesPerRun", DefaultMaxAppliesPerRun, 1, MaxAppliesLimit, integer: true));
    }
}
