namespace ActionPlane.Web.Hosting;

/// <summary>
/// The loop the background services share: a round every period until the app stops. A failed round is handed to
/// <c>failed</c> (to log) and the next tick retries; cancellation ends the loop.
/// </summary>
internal static class PeriodicRounds
{
    /// <param name="firstAtStart">Run the first round at once; otherwise one period after start (the services wait for the demo preparation first, then leave the start to the people).</param>
    public static async Task RunAsync(TimeSpan period, TimeProvider time, bool firstAtStart, Func<CancellationToken, Task> round, Action<Exception> failed,
        CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, time);
        if (!firstAtStart && !await timer.WaitForNextTickAsync(stoppingToken))
            return;
        do
        {
            try
            {
                await round(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
