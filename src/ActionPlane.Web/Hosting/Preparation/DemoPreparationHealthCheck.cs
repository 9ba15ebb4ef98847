using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionPlane.Web.Hosting.Preparation;

/// <summary>
/// Healthy once the demo is ready (or there is none); degraded while it is being prepared (the app is alive, so a
/// liveness probe must not restart it); unhealthy after a failed preparation. <c>/health/ready</c> answers 503 for both.
/// </summary>
public sealed class DemoPreparationHealthCheck(DemoPreparation preparation) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = preparation.Status();
        var data = new Dictionary<string, object> { ["ready"] = status.State == DemoPreparationStatus.Ready, ["phase"] = status.Phase };
        return Task.FromResult(status.State switch
        {
            DemoPreparationStatus.Ready => HealthCheckResult.Healthy("Ready.", data),
            DemoPreparationStatus.Failed => HealthCheckResult.Unhealthy($"{status.Description} {status.Error}", data: data),
            _ => HealthCheckResult.Degraded($"Preparing the demo: {status.Description} ({status.Percent}%).", data: data),
        });
    }
}
