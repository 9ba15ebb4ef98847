using System.Security.Claims;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace ActionPlane.Web.Api;

/// <summary><c>PUT /api/proposals/{id}/payload</c>: change what an open proposal will do; it is re-validated and re-gated, and earlier approvals stop counting.</summary>
public static class ProposalEditEndpoints
{
    public static RouteGroupBuilder MapProposalEditEndpoints(this RouteGroupBuilder api)
    {
        api.MapPut("/proposals/{id:guid}/payload", EditAsync)
            .WithTags("Proposals")
            .RequireRoles(ApiRoles.Operators)
            .WithName("EditProposalPayload")
            .WithSummary("Edit an open proposal's payload (voids earlier approvals)")
            .WithDescription("Body: {\"payload\":{…}}. The payload is validated against the action type's schema (422 with the errors), recorded as ProposalEdited " +
                "and gated again; approvals were bound to the old payload and policy revision, so a consequential action needs a fresh approval.")
            .Produces<ProposalEditResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<IResult> EditAsync(Guid id, [FromBody] ProposalEditRequest? request, ClaimsPrincipal user, ProposalEditor editor, CancellationToken cancellationToken)
    {
        if (request?.Payload is null)
            return ApiProblems.Field("payload", "payload: required, a JSON object matching the action type's schema.");
        var result = await editor.EditPayloadAsync(id, request.Payload, user.ToActor(), cancellationToken);
        return TypedResults.Ok(new ProposalEditResponse(result.ProposalId, result.Changed, ApiText.Of(result.Status), result.Allowed, result.Reasons, result.RequiresApproval));
    }
}

/// <summary>Body of <c>PUT /api/proposals/{id}/payload</c>.</summary>
public sealed record ProposalEditRequest(JsonObject? Payload);

/// <summary>The proposal after the edit: the new gate verdict and whether it needs (a fresh) approval.</summary>
public sealed record ProposalEditResponse(Guid ProposalId, bool Changed, string Status, bool Allowed, IReadOnlyList<string> Reasons, bool RequiresApproval);
