using System.Globalization;
using ActionPlane.Web.Http;
using Microsoft.AspNetCore.StaticAssets;

namespace ActionPlane.Web.Hosting.Preparation;

/// <summary>
/// Holds requests back until the demo is ready, so nobody acts on a half-seeded tenant: a page gets the preparing page,
/// an API call a 503 problem with Retry-After. Let through: endpoints marked <see cref="AvailableWhilePreparing"/>
/// (the status, health and API description) and static assets. Without a demo it is ready at once and lets all through.
/// </summary>
public static class PreparationGate
{
    public const string StatusPath = "/api/demo/status";

    /// <summary>After routing (it reads the endpoint's metadata), before authentication.</summary>
    public static IApplicationBuilder UseDemoPreparationGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var preparation = context.RequestServices.GetRequiredService<DemoPreparation>();
            var endpoint = context.GetEndpoint();
            if (preparation.IsReady
                || endpoint?.Metadata.GetMetadata<AvailableWhilePreparing>() is not null
                || endpoint?.Metadata.GetMetadata<StaticAssetDescriptor>() is not null)
            {
                await next();
                return;
            }
            var status = preparation.Status();
            if (status.State == DemoPreparationStatus.Preparing)
                context.Response.Headers.RetryAfter = RetryAfterSeconds(status).ToString(CultureInfo.InvariantCulture);
            if (context.Request.Path.StartsWithSegments("/api"))
                await WriteProblemAsync(context, status);
            else
                await PreparingPage.WriteAsync(context, status);
        });

    /// <summary>GET /api/demo/status: anonymous, and says nothing about the tenant (stage, week, times, error).</summary>
    public static IEndpointRouteBuilder MapDemoPreparation(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(StatusPath, (DemoPreparation preparation) => preparation.Status())
            .WithSummary("How far the demo preparation of the first start is")
            .WithDescription("Anonymous. state is preparing, ready or failed; while preparing, every other API call answers 503 with Retry-After.")
            .AllowAnonymous()
            .AvailableWhilePreparing();
        return endpoints;
    }

    /// <summary>Marks an endpoint that answers while the demo is being prepared (it reads no tenant data).</summary>
    public static TBuilder AvailableWhilePreparing<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Preparation.AvailableWhilePreparing.Instance);

    // Ask again when a week or so should be done: the time left, within 5 s to a minute.
    private static int RetryAfterSeconds(DemoPreparationStatus status) => (int)Math.Clamp(Math.Ceiling(status.SecondsLeft ?? 10), 5, 60);

    private static Task WriteProblemAsync(HttpContext context, DemoPreparationStatus status)
    {
        var extensions = new Dictionary<string, object?> { ["phase"] = status.Phase, ["statusUrl"] = StatusPath };
        return status.State == DemoPreparationStatus.Failed
            ? Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The demo preparation failed",
                $"{status.Description} {status.Error} Restart the app to try again.", extensions)
            : Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The demo is being prepared",
                $"ActionPlane is preparing its demo tenant ({status.Description}, {status.Percent}%); try again shortly. {StatusPath} says how far it is.",
                extensions);
    }
}

/// <summary>Endpoint metadata: this endpoint answers while the demo is being prepared.</summary>
public sealed class AvailableWhilePreparing
{
    public static readonly AvailableWhilePreparing Instance = new();

    private AvailableWhilePreparing()
    {
    }
}
