using ActionPlane.Engine.Autopilot;
using ActionPlane.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace ActionPlane.Web.Features.Autopilot;

/// <summary><c>POST /api/autopilot/run</c>: an admin runs the autopilot now instead of waiting for the next scheduled run.</summary>
public static class AutopilotEndpoints
{
    public static IEndpointRouteBuilder MapAutopilotEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/autopilot/run", RunAsync)
            .WithTags("Governance")
            .WithName("RunAutopilot")
            .WithSummary("Apply, as system:nba, the open proposals the policy granted 'unattended'")
            .WithDescription("Body (optional): {\"maxApplies\":100}. Applies each open proposal whose latest gate decision granted autonomy level 'unattended' " +
                "(never holdout logs, never past the weekly budget) through the normal apply with the system actor: the gate re-evaluates each one, and a denial " +
                "(e.g. autonomy.unattended_not_earned after the type's reversal rate rose) is recorded on the proposal, which then waits for a person. " +
                "Works whether or not the scheduled autopilot (ActionPlane:Autopilot:Enabled) is on. Returns the run summary.")
            .Produces<AutopilotRunSummary>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return endpoints;
    }

    private static async Task<IResult> RunAsync([FromBody] AutopilotRunRequest? request, UnattendedRunner runner, ILogger<UnattendedRunner> logger,
        CancellationToken cancellationToken)
    {
        if (request?.MaxApplies is < 1 or > AutopilotSettings.MaxAppliesLimit)
            return Api.ApiProblems.Field("maxApplies", $"maxApplies: a whole number from 1 to {AutopilotSettings.MaxAppliesLimit}, or leave it out for {AutopilotSettings.DefaultMaxAppliesPerRun}.");
        var summary = await runner.RunAsync(request?.MaxApplies ?? AutopilotSettings.DefaultMaxAppliesPerRun, cancellationToken);
        AutopilotService.Log(logger, summary);
        return TypedResults.Ok(summary);
    }
}

/// <summary>Body of <c>POST /api/autopilot/run</c>; every field is optional.</summary>
public sealed record AutopilotRunRequest(int? MaxApplies);
