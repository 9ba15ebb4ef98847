using System.Diagnostics;
using ActionPlane.Engine.Telemetry;
using ActionPlane.Web.Auth.Authz;

namespace ActionPlane.Web.Http;

/// <summary>Records <see cref="ActionPlaneTelemetry.OperationDuration"/> for every request to an endpoint that names an operation.</summary>
public static class OperationTiming
{
    public static IApplicationBuilder UseOperationTiming(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<OperationMetadata>() is not { } operation)
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            ActionPlaneTelemetry.OperationDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                new KeyValuePair<string, object?>("operation", operation.Operation),
                new KeyValuePair<string, object?>("status", context.Response.StatusCode));
        }
    });
}
