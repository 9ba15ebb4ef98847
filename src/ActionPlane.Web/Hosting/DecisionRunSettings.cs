using System.Globalization;

namespace ActionPlane.Web.Hosting;

/// <summary>When the weekly decision run runs by itself: on <see cref="Day"/> at <see cref="TimeUtc"/> (UTC), if <see cref="Enabled"/>.</summary>
public sealed record DecisionRunSchedule
{
    public bool Enabled { get; init; }
    public DayOfWeek Day { get; init; } = DayOfWeek.Monday;
    public TimeOnly TimeUtc { get; init; } = new(6, 0);

    /// <summary>The first scheduled moment strictly after <paramref name="now"/>.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var days = ((int)Day - (int)today.DayOfWeek + 7) % 7;
        var next = new DateTimeOffset(today.AddDays(days).ToDateTime(TimeUtc), TimeSpan.Zero);
        return next > now ? next : next.AddDays(7);
    }

    /// <summary>The latest scheduled moment at or before <paramref name="now"/>.</summary>
    public DateTimeOffset LastAtOrBefore(DateTimeOffset now) => NextAfter(now).AddDays(-7);
}

/// <summary>
/// Reads <c>ActionPlane:DecisionRun:*</c> (README "Weekly decision run"): Enabled (default false), Day (default
/// Monday), TimeUtc (default 06:00). A bad value stops the start naming the key.
/// </summary>
public static class DecisionRunSettings
{
    public static DecisionRunSchedule Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("ActionPlane:DecisionRun");
        var d = new DecisionRunSchedule();
        var enabled = false;
        if (section["Enabled"] is { Length: > 0 } text && !bool.TryParse(text, out enabled))
            throw new StartupConfigurationException($"ActionPlane:DecisionRun:Enabled must be true or false, got '{text}'.");
        var day = d.Day;
        if (section["Day"] is { Length: > 0 } dayText && (!Enum.TryParse(dayText, ignoreCase: true, out day) || !Enum.IsDefined(day) || int.TryParse(dayText, out _)))
            throw new StartupConfigurationException($"ActionPlane:DecisionRun:Day must be a day of the week such as Monday, got '{dayText}'.");
        var time = d.TimeUtc;
        if (section["TimeUtc"] is { Length: > 0 } timeText && !TimeOnly.TryParseExact(timeText, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
            throw new StartupConfigurationException($"ActionPlane:DecisionRun:TimeUtc must be a time of day as HH:mm (UTC), got '{timeText}'.");
        return new DecisionRunSchedule { Enabled = enabled, Day = day, TimeUtc = time };
    }
}
