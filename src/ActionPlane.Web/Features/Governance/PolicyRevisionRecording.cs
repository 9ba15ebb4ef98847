using ActionPlane.Engine.Governance;
using ActionPlane.Policies;

namespace ActionPlane.Web.Features.Governance;

/// <summary>
/// At start-up, stores the policy revision decisions are made under and follows the engine's
/// reloads, so every revision that was ever active can be replayed and diffed later.
/// </summary>
public sealed partial class PolicyRevisionRecording(PolicyRevisionStore revisions, IPolicyEngine engine, ILogger<PolicyRevisionRecording> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await revisions.FollowAsync(engine, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Replay of this revision is lost, decisions are not: never keep the app from starting over it.
            LogNotRecorded(logger, engine.Revision, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Policy revision {Revision} could not be stored for replay")]
    private static partial void LogNotRecorded(ILogger logger, string revision, Exception error);
}
