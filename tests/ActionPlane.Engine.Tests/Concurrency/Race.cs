using ActionPlane.Engine.Lifecycle;

namespace ActionPlane.Engine.Tests.Concurrency;

/// <summary>
/// Starts racing attempts at the same moment: each waits on its own thread-pool task for one gate, which opens once
/// all are queued, so none gets a head start from being created first. A <see cref="LifecycleException"/> is an
/// outcome (the loser's refusal), anything else fails the test.
/// </summary>
internal static class Race
{
    public static async Task<Outcome<T>[]> RunAsync<T>(params IReadOnlyList<Func<Task<T>>> attempts)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = attempts.Select(attempt => Task.Run(async () =>
        {
            await gate.Task;
            try
            {
                return new Outcome<T>(await attempt(), null);
            }
            catch (LifecycleException e)
            {
                return new Outcome<T>(default, e);
            }
        })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    /// <summary>Two attempts of different kinds (a CSM's step against the system's), started together.</summary>
    public static async Task<(Outcome<TA> First, Outcome<TB> Second)> PairAsync<TA, TB>(Func<Task<TA>> first, Func<Task<TB>> second)
    {
        var outcomes = await RunAsync<object?>(async () => await first(), async () => await second());
        return (new Outcome<TA>(outcomes[0].Value is TA a ? a : default, outcomes[0].Error),
            new Outcome<TB>(outcomes[1].Value is TB b ? b : default, outcomes[1].Error));
    }

    /// <summary>An attempt that returns nothing, as one that returns true.</summary>
    public static Func<Task<bool>> Of(Func<Task> attempt) => async () =>
    {
        await attempt();
        return true;
    };
}

/// <summary>One racer's result, or the lifecycle error it was refused with.</summary>
internal sealed record Outcome<T>(T? Value, LifecycleException? Error)
{
    public bool Won => Error is null;
}
