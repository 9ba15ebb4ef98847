using System.Text.Json;
using ActionPlane.Web.Auth.Authz;
using ActionPlane.Web.Hosting.Preparation;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

namespace ActionPlane.Web.Http;

/// <summary>API plumbing: problem details, caller-error mapping, OpenAPI with Scalar, <c>/health</c> and <c>/health/ready</c>.</summary>
public static class HttpSetup
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddActionPlaneHttp(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Binding failures throw in every environment, so the handler can name the field (not a bare 400).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase);
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<BearerSecuritySchemeTransformer>();
            // Say which operation the authorization policy decides, so a caller can look it up in authz.rego.
            o.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<OperationMetadata>().LastOrDefault() is { } named)
                {
                    var note = $"Authorization: operation `{named.Operation}` (data.actionplane.authz).";
                    operation.Description = string.IsNullOrEmpty(operation.Description) ? note : $"{operation.Description}\n\n{note}";
                }
                return Task.CompletedTask;
            });
        });
        services.AddHttpClient(nameof(PolicyBundleHealthCheck));
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<PolicyBundleHealthCheck>("policies")
            .AddCheck<DemoPreparationHealthCheck>("demo", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapActionPlaneHttp(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().AllowAnonymous().AvailableWhilePreparing();
        endpoints.MapScalarApiReference().AllowAnonymous().AvailableWhilePreparing();
        // Liveness: 200 while the demo is being prepared (degraded), so a probe does not restart a start in progress.
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync }).AllowAnonymous().AvailableWhilePreparing();
        // Readiness: 503 until the database answers and the demo is ready (a load balancer sends no traffic before).
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
            ResponseWriter = WriteHealthAsync,
        }).AllowAnonymous().AvailableWhilePreparing();
        return endpoints;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                // E.g. the policy revision; absent for checks that report nothing more.
                data = e.Value.Data.Count > 0 ? e.Value.Data : null,
            }),
        });
}
