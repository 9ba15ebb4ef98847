using ActionPlane.Engine.Models;
using ActionPlane.Engine.Telemetry;
using ActionPlane.Web.Features.ModelsRegistry;
using ActionPlane.Web.Features.Policies;
using Marten;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ActionPlane.Web.Features.Governance;

/// <summary>Governance services (policy browser, model registry) and observability: the "ActionPlane" meter on <c>/metrics</c>, its traces.</summary>
public static class GovernanceSetup
{
    public static IServiceCollection AddActionPlaneGovernance(this IServiceCollection services)
    {
        services.TryAddSingleton<ModelRegistry>();
        services.AddSingleton<PolicyBrowserService>();
        services.AddScoped<ModelRegistryService>();
        services.AddHostedService<PolicyRevisionRecording>();
        services.AddScoped<GovernanceReportsService>();
        services.AddScoped<OffPolicyReviewService>();
        services.ConfigureMarten(store => store.Listeners.Add(new TelemetrySessionListener()));
        services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(ActionPlaneTelemetry.Name)
                // No scrape cache: a scrape right after an apply must see it (Prometheus scrapes every 15 s or so anyway).
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0))
            // Spans are created for any listener; a deployment adds its exporter (OTLP, Zipkin) here.
            .WithTracing(tracing => tracing.AddSource(ActionPlaneTelemetry.Name));
        return services;
    }

    /// <summary>
    /// <c>/metrics</c> in Prometheus text format. Anonymous like any scrape target: it carries counts
    /// and latencies only, no ids or inputs; restrict it at the network edge if needed.
    /// </summary>
    public static IEndpointRouteBuilder MapActionPlaneGovernance(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return endpoints;
    }
}
