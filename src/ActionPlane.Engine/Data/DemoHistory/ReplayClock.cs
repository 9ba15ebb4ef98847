namespace ActionPlane.Engine.Data.DemoHistory;

/// <summary>
/// The clock of the demo history replay: set to each simulated day, so the product's services it is given
/// (decision run, gate, apply, undo, outcome observer) act as of that day. Used by the replay only.
/// </summary>
public sealed class ReplayClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>Sets the clock to <paramref name="day"/> at <paramref name="hour"/>:00 UTC.</summary>
    public void Set(DateOnly day, int hour) => Now = At(day, hour);

    public static DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);
}
