using ActionPlane.Engine.Data;
using ActionPlane.Engine.Storage;
using Marten;

namespace ActionPlane.Web.Hosting.Preparation;

/// <summary>
/// Prepares the demo tenant in the background while the app already answers (with the preparing page): seeds it,
/// trains the first models and replays the simulated history, printing one progress line per step and week.
/// Idempotent: a later start finds the tenant and is ready in seconds; an interrupted history starts over.
/// A failure is logged and kept for the status; the app stays up, and a restart retries.
/// </summary>
public sealed class DemoPreparationService(DemoPreparation preparation, IDocumentStore store, DemoSeedOptions options, ActionPlaneEngineOptions engine,
    TimeProvider time, ILogger<DemoPreparationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The host starts listening only after every hosted service's start returns: give the thread back at once.
        await Task.Yield();
        preparation.Started();
        try
        {
            var seeder = new DemoTenantSeeder(time) { Steps = preparation.Reached };
            await seeder.SeedAsync(store, options, engine, Progress, stoppingToken);
            preparation.Succeeded();
            Progress($"demo tenant ready in {preparation.Status().Elapsed}; sign in as csm@demo.local / demo.");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped during the preparation: the next start carries on from what was stored.
        }
        catch (Exception e)
        {
            preparation.Failed(e);
            logger.LogError(e, "The demo preparation failed: {Message}. The app stays up and shows this; restart it to try again.", e.Message);
        }
    }

    // The console keeps its one line per step (as before the app listened during the preparation); the log gets them too.
    private void Progress(string message)
    {
        Console.WriteLine($"actionplane: {message}");
        logger.LogDebug("Demo preparation: {Message}", message);
    }
}
