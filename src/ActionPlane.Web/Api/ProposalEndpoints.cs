using System.Security.Claims;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Simulation;
using ActionPlane.Web.Api.Contracts;
using ActionPlane.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace ActionPlane.Web.Api;

/// <summary>
/// <c>/api/proposals/{id}</c>: its decision record, simulate, and maker-checker approval. Apply and
/// undo are in <see cref="ApplyEndpoints"/>.
/// </summary>
public static class ProposalEndpoints
{
    public static RouteGroupBuilder MapProposalEndpoints(this RouteGroupBuilder api)
    {
        var proposals = api.MapGroup("/proposals/{id:guid}")
            .WithTags("Proposals")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        proposals.MapGet("", GetAsync)
            .RequireRoles(ApiRoles.ProposalReaders)
            .WithName("GetProposal")
            .WithSummary("A proposal's decision record with its whole event trail")
            .WithDescription("Who proposed, approved, applied and undid it, under which model version and policy revision, every gate decision, and every event.")
            .Produces<DecisionRecordResponse>();

        proposals.MapGet("/trace", TraceAsync)
            .RequireRoles(ApiRoles.ProposalReaders)
            .WithName("GetProposalTrace")
            .WithSummary("Why the engine proposed it: the full decision trace and the end user's plain-language sentence")
            .WithDescription("Model drivers and triggering signals, expected-value parts, arm and propensity (or holdout), weekly budget, " +
                "cap counters, policy concerns passed and failed, and the model and policy versions. 404 when the proposal predates traces.")
            .Produces<DecisionTraceResponse>();

        proposals.MapPost("/simulate", SimulateAsync)
            .RequireRoles(ApiRoles.Operators)
            .WithName("SimulateProposal")
            .WithSummary("Preview what apply would change, and what the policy would say now")
            .Produces<SimulationResponse>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        proposals.MapPost("/request-approval", RequestApprovalAsync)
            .RequireRoles(ApiRoles.Operators)
            .WithName("RequestApproval")
            .WithSummary("Put a consequential action in front of approvers")
            .Produces<ProposalResponse>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        proposals.MapPost("/approve", ApproveAsync)
            .RequireRoles(ApiRoles.Approvers)
            .WithName("ApproveProposal")
            .WithSummary("Approve a consequential action (an approver who did not propose it)")
            .Produces<ProposalResponse>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        proposals.MapPost("/reject", RejectAsync)
            .RequireRoles(ApiRoles.Approvers)
            .WithName("RejectProposal")
            .WithSummary("Turn a consequential action down, with a reason; the proposal is closed")
            .Produces<ProposalResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<IResult> GetAsync(Guid id, DecisionLog log, CancellationToken cancellationToken)
    {
        var record = await log.GetAsync(id, cancellationToken);
        return record is null
            ? NotFound(id)
            : TypedResults.Ok(DecisionRecordResponse.From(record));
    }

    private static async Task<IResult> TraceAsync(Guid id, NextBestActionEngine engine, CancellationToken cancellationToken)
    {
        var proposal = await engine.GetAsync(id, cancellationToken);
        return proposal.Trace is { } trace
            ? TypedResults.Ok(DecisionTraceResponse.From(trace, proposal.Explanation.UserFacingWhy))
            : TypedResults.Problem($"Proposal {id} was recorded before decision traces existed; its explanation is in GET /api/proposals/{id}.",
                statusCode: StatusCodes.Status404NotFound, title: "No decision trace");
    }

    private static async Task<IResult> SimulateAsync(Guid id, ClaimsPrincipal user, ActionSimulator simulator, CancellationToken cancellationToken) =>
        TypedResults.Ok(SimulationResponse.From(await simulator.SimulateAsync(id, user.ToActor(), cancellationToken)));

    private static async Task<IResult> RequestApprovalAsync(
        Guid id, [FromBody] ApprovalRequest? request, ClaimsPrincipal user, ActionApprover approver, NextBestActionEngine engine, CancellationToken cancellationToken)
    {
        await approver.RequestApprovalAsync(id, user.ToActor(), request?.Note, cancellationToken);
        return TypedResults.Ok(ProposalResponse.From(await engine.GetAsync(id, cancellationToken)));
    }

    private static async Task<IResult> ApproveAsync(
        Guid id, [FromBody] ApprovalRequest? request, ClaimsPrincipal user, ActionApprover approver, NextBestActionEngine engine, CancellationToken cancellationToken)
    {
        await approver.ApproveAsync(id, user.ToActor(), request?.Note, cancellationToken);
        return TypedResults.Ok(ProposalResponse.From(await engine.GetAsync(id, cancellationToken)));
    }

    private static async Task<IResult> RejectAsync(
        Guid id, [FromBody] RejectRequest? request, ClaimsPrincipal user, ActionApprover approver, NextBestActionEngine engine, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Reason))
            return ApiProblems.Field("reason", "reason: required; say why the action is rejected (the proposer and auditors read it).");
        await approver.RejectAsync(id, user.ToActor(), request.Reason, cancellationToken);
        return TypedResults.Ok(ProposalResponse.From(await engine.GetAsync(id, cancellationToken)));
    }

    internal static IResult NotFound(Guid id) =>
        TypedResults.Problem($"Proposal {id} does not exist.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
