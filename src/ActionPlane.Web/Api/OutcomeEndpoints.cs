using System.Security.Claims;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Outcomes;
using ActionPlane.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace ActionPlane.Web.Api;

/// <summary><c>POST /api/outcomes</c>: what happened after a decision (renewal, churn, adoption), ingested from the customer's systems.</summary>
public static class OutcomeEndpoints
{
    public static RouteGroupBuilder MapOutcomeEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/outcomes", RecordAsync)
            .WithTags("Outcomes")
            .RequireRoles(ApiRoles.OutcomeWriters)
            .WithName("RecordOutcome")
            .WithSummary("Record the observed outcome of a proposal (the training label)")
            .WithDescription($"Body: {{\"proposalId\":\"…\",\"outcome\":\"retained\",\"value\":1200,\"observedAt\":\"2027-01-15T00:00:00Z\"}}. " +
                $"outcome is one of {string.Join(", ", OutcomeKinds.All)}. Recorded for treated and untreated (held-out) proposals alike.")
            .Produces<OutcomeResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<IResult> RecordAsync([FromBody] OutcomeRequest? request, ClaimsPrincipal user, OutcomeRecorder recorder, CancellationToken cancellationToken)
    {
        if (request?.ProposalId is not { } proposalId || proposalId == Guid.Empty)
            return ApiProblems.Field("proposalId", "proposalId: required, the id of the proposal whose outcome this is.");
        if (string.IsNullOrWhiteSpace(request.Outcome))
            return ApiProblems.Field("outcome", $"outcome: required, one of {string.Join(", ", OutcomeKinds.All)}.");
        if (!OutcomeKinds.All.Contains(request.Outcome))
            return ApiProblems.Field("outcome", $"outcome: '{request.Outcome}' is not an outcome; use one of {string.Join(", ", OutcomeKinds.All)}.");
        if (request.Value is { } v && (double.IsNaN(v) || double.IsInfinity(v) || v < 0))
            return ApiProblems.Field("value", "value: a non-negative number (e.g. the MRR retained), or leave it out.");

        var at = request.ObservedAt;
        await recorder.RecordAsync(proposalId, request.Outcome, request.Value, user.ToActor(), cancellationToken, at);
        return TypedResults.Created($"/api/proposals/{proposalId}", new OutcomeResponse(proposalId, request.Outcome, request.Value, "recorded"));
    }
}

/// <summary>Body of <c>POST /api/outcomes</c>.</summary>
public sealed record OutcomeRequest(Guid? ProposalId, string? Outcome, double? Value, DateTimeOffset? ObservedAt);

/// <summary>What was recorded.</summary>
public sealed record OutcomeResponse(Guid ProposalId, string Outcome, double? Value, string Status);
