using ActionPlane.Engine.Lifecycle;
using ActionPlane.Web.Auth;
using ActionPlane.Engine.Governance;

namespace ActionPlane.Web.Api;

/// <summary>
/// <c>GET /api/decisions/export</c> (bearer) and <c>GET /audit/export</c> (the signed-in reviewer's
/// download from the audit page): the filtered decision log streamed as NDJSON or CSV.
/// </summary>
public static class DecisionExportEndpoints
{
    public static RouteGroupBuilder MapDecisionExportEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/decisions/export", Export)
            .WithTags("Decisions")
            .RequireRoles(ApiRoles.Auditors)
            .WithName("ExportDecisions")
            .WithSummary("Export the decision log (streamed)")
            .WithDescription("format=ndjson (default) writes one OPA decision-log entry per line; format=csv writes one RFC 4180 row per record with a header. " +
                "Takes the filters of GET /api/decisions (accountId, actionType, from, to, status) but no paging: every matching record, newest first, streamed as it is read.")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    /// <summary>The audit page's download links use the sign-in cookie, which <c>/api</c> does not accept.</summary>
    public static IEndpointRouteBuilder MapAuditDownloads(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/audit/export", Export).RequireAuthorization(AuthPolicies.Reviewer).ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Export(
        string? format, string? accountId, string? actionType, string? from, string? to, string? status,
        DecisionLog log, TimeProvider clock, HttpContext context)
    {
        var formatValue = string.IsNullOrWhiteSpace(format) ? DecisionExport.Ndjson : format.Trim().ToLowerInvariant();
        if (!DecisionExport.Formats.Contains(formatValue))
            return ApiProblems.Field("format", $"format: '{format}' is not an export format; use ndjson or csv.");
        if (DecisionEndpoints.TryReadFilter(accountId, actionType, from, to, status, out var filter) is { } problem)
            return problem;

        return TypedResults.Stream(
            body => DecisionExport.WriteAsync(formatValue, log.StreamAsync(filter), body, context.RequestAborted),
            DecisionExport.ContentType(formatValue),
            DecisionExport.FileName(formatValue, clock.GetUtcNow()));
    }
}
