using ActionPlane.Engine.Proposals;

namespace ActionPlane.Web.Hosting;

/// <summary>
/// Starts decision runs in the background of this instance (the admin's "run now" and the schedule alike) and
/// remembers the one in flight, so shutdown can wait for its summary. Whether a run may start is the
/// <see cref="DecisionRunner"/>'s lock's to say, across every instance.
/// </summary>
public sealed class DecisionRunHost(DecisionRunner runner, IHostApplicationLifetime lifetime, ILogger<DecisionRunHost> logger)
{
    private Task _current = Task.CompletedTask;

    /// <summary>The run in flight on this instance (a completed task when there is none).</summary>
    public Task Current => _current;

    /// <summary>Begins a run and lets it go on in the background; null when another run (anywhere) is in progress.</summary>
    public async Task<DecisionRun?> TryStartAsync(string trigger, string startedBy, IReadOnlyList<string>? accountIds = null, CancellationToken cancellationToken = default)
    {
        var lease = await runner.TryBeginAsync(trigger, startedBy, accountIds, cancellationToken);
        if (lease is null)
            return null;
        // The request that asked for it ends now; the run stops only with the app.
        _current = Task.Run(() => RunAsync(lease), CancellationToken.None);
        return lease.Run;
    }

    private async Task RunAsync(DecisionRunLease lease)
    {
        try
        {
            var run = await runner.RunAsync(lease, cancellationToken: lifetime.ApplicationStopping);
            logger.Log(run.Status == DecisionRunStatus.Completed && run.Failed == 0 ? LogLevel.Information : LogLevel.Warning,
                "Decision run {RunId} ({Trigger}) {Status}: {Done} of {Accounts} accounts, {Actions} action, {NoAction} no-action and {Holdout} holdout decisions, " +
                "{Unchanged} unchanged, {Skipped} already decided this week, {Failed} failed; {Proposals} proposals written, {Expired} expired; {Seconds:F1} s.",
                run.Id, run.Trigger, run.Status, run.Done, run.Accounts, run.ActionDecisions, run.NoActionDecisions, run.HoldoutDecisions,
                run.Unchanged, run.Skipped, run.Failed, run.ProposalsWritten, run.ProposalsExpired, run.DurationSeconds);
        }
        catch (Exception e)
        {
            // RunAsync records its own failures; this is the summary's save failing (the database gone).
            logger.LogWarning(e, "Decision run {RunId} could not record its summary.", lease.Run.Id);
        }
    }
}
