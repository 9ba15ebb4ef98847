using ActionPlane.Engine.Data;

namespace ActionPlane.Web.Hosting.Preparation;

/// <summary>
/// The state of the demo's first-start preparation (seed, train, replay the history), shared by the service that runs
/// it, the gate that holds requests back, the status endpoint and the background services that wait for it. Ready at
/// once when there is no demo to prepare. A failure is kept (the app stays up and says so); it never becomes ready then.
/// </summary>
public sealed class DemoPreparation
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private DemoSeedStep? _step;
    private int _week, _weeks;
    private DateTimeOffset? _startedAt;
    private long _started, _replayStarted;
    private Exception? _error;

    public DemoPreparation(bool demoEnabled, TimeProvider time)
    {
        _time = time;
        if (!demoEnabled)
            _ready.SetResult();
    }

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public bool HasFailed
    {
        get
        {
            lock (_lock)
                return _error is not null;
        }
    }

    /// <summary>Completes when the demo is ready (at once without a demo); never after a failure.</summary>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    internal void Started()
    {
        lock (_lock)
        {
            _startedAt = _time.GetUtcNow();
            _started = _time.GetTimestamp();
        }
    }

    internal void Reached(DemoSeedStep step)
    {
        lock (_lock)
        {
            if (step is { Stage: DemoSeedStage.Replaying, WeeksDone: 0 })
                _replayStarted = _time.GetTimestamp();
            if (step.Stage == DemoSeedStage.Replaying)
                (_week, _weeks) = (step.WeeksDone, step.Weeks);
            _step = step;
        }
    }

    internal void Succeeded() => _ready.TrySetResult();

    internal void Failed(Exception error)
    {
        lock (_lock)
            _error = error;
    }

    public DemoPreparationStatus Status()
    {
        lock (_lock)
        {
            var elapsed = _startedAt is null ? 0 : _time.GetElapsedTime(_started).TotalSeconds;
            if (IsReady)
                return new(DemoPreparationStatus.Ready, "ready", "The demo is ready.", _week, _weeks, 100, _startedAt, elapsed,
                    DemoPreparationStatus.Duration(elapsed), 0, null, null);
            var (phase, description, percent) = Describe(_step);
            var left = SecondsLeft(_step);
            if (_error is not null)
                return new(DemoPreparationStatus.Failed, "failed", $"The demo preparation failed while {char.ToLowerInvariant(description[0])}{description[1..]}.",
                    _week, _weeks, percent, _startedAt, elapsed, DemoPreparationStatus.Duration(elapsed), null, null, _error.Message);
            return new(DemoPreparationStatus.Preparing, phase, description, _week, _weeks, percent, _startedAt, elapsed,
                DemoPreparationStatus.Duration(elapsed), left, left is null ? null : "about " + DemoPreparationStatus.Duration(left.Value), null);
        }
    }

    // Shares of a first start measured at 300 accounts and 14 weeks (docs/benchmarks.md, "Demo history"): training about a
    // tenth, the replay nearly all the rest. Rough on purpose: the time left comes from the replayed weeks, not from these.
    private static (string Phase, string Description, int Percent) Describe(DemoSeedStep? step) => step switch
    {
        null => ("starting", "Starting", 0),
        { Stage: DemoSeedStage.Generating } => ("generating", "Generating the demo tenant", 2),
        { Stage: DemoSeedStage.Training } => ("training", "Training the first models", 5),
        { Stage: DemoSeedStage.Replaying, Weeks: > 0 } s => ("replaying", $"Replaying the simulated history: week {s.WeeksDone} of {s.Weeks}",
            12 + 85 * s.WeeksDone / s.Weeks),
        { Stage: DemoSeedStage.Replaying } => ("replaying", "Replaying the simulated history", 12),
        _ => ("scoring", "Scoring the accounts", 97),
    };

    private double? SecondsLeft(DemoSeedStep? step)
    {
        if (step is not { Stage: DemoSeedStage.Replaying, WeeksDone: > 0 } s)
            return null;
        var perWeek = _time.GetElapsedTime(_replayStarted).TotalSeconds / s.WeeksDone;
        return perWeek * (s.Weeks - s.WeeksDone);
    }
}
