using System.Security.Claims;
using ActionPlane.Engine.Execution;
using ActionPlane.Web.Api.Contracts;
using ActionPlane.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace ActionPlane.Web.Api;

/// <summary><c>/api/proposals/{id}/apply</c> (idempotent, returns a rollback token) and <c>/undo</c> (with that token).</summary>
public static class ApplyEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    /// <summary>Set to <c>true</c> on a response that repeats the first apply with the same key.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static RouteGroupBuilder MapApplyEndpoints(this RouteGroupBuilder api)
    {
        var proposals = api.MapGroup("/proposals/{id:guid}")
            .WithTags("Proposals")
            .RequireRoles(ApiRoles.Operators)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        proposals.MapPost("/apply", ApplyAsync)
            .WithName("ApplyProposal")
            .WithSummary("Apply a proposal once per Idempotency-Key; returns a rollback token")
            .WithDescription("The same Idempotency-Key again returns the first response and changes nothing. " +
                "A second apply with another key, or a concurrent one, gets 409. Consequential actions need an approval first.")
            .Produces<ApplyResponse>()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Optional in the binding (so a missing header gets a 400 naming it), required by contract.
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                    if (parameter.Name == IdempotencyKeyHeader)
                        parameter.Required = true;
                return Task.CompletedTask;
            });

        proposals.MapPost("/undo", UndoAsync)
            .WithName("UndoProposal")
            .WithSummary("Undo an applied proposal with its rollback token")
            .WithDescription("Refused with 422 and nothing changed when the token is altered, expired, already used, or the target moved on.")
            .Produces<UndoResponse>();
        return api;
    }

    private static async Task<IResult> ApplyAsync(
        Guid id,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        ClaimsPrincipal user,
        HttpContext context,
        ActionApplier applier,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey))
            return ApiProblems.Field(IdempotencyKeyHeader,
                $"{IdempotencyKeyHeader}: header required; send a fresh unique value (e.g. a UUID) per apply, and the same value when retrying it.");
        if (idempotencyKey.Length > 200)
            return ApiProblems.Field(IdempotencyKeyHeader, $"{IdempotencyKeyHeader}: at most 200 characters.");

        var receipt = await applier.ApplyAsync(id, idempotencyKey, user.ToActor(), cancellationToken);
        if (receipt.Replayed)
            context.Response.Headers[ReplayedHeader] = "true";
        return TypedResults.Ok(ApplyResponse.From(receipt));
    }

    private static async Task<IResult> UndoAsync(
        Guid id,
        [FromBody] UndoRequest? request,
        ClaimsPrincipal user,
        ActionApplier applier,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.RollbackToken))
            return ApiProblems.Field("rollbackToken", "rollbackToken: required; send the rollbackToken the apply response returned.");
        var receipt = await applier.UndoAsync(id, request.RollbackToken, user.ToActor(), cancellationToken);
        return TypedResults.Ok(UndoResponse.From(receipt));
    }
}
