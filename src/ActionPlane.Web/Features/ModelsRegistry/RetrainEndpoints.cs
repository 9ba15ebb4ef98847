using System.Security.Claims;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Training;
using ActionPlane.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace ActionPlane.Web.Features.ModelsRegistry;

/// <summary>
/// <c>POST /api/models/uplift/retrain</c> and <c>POST /api/models/churn/retrain</c>: close the loop from the
/// product — retrain uplift per action, or churn, from logged decisions and their observed outcomes and
/// register the results as challengers (promotion stays with the promotion gate).
/// </summary>
public static class RetrainEndpoints
{
    public static IEndpointRouteBuilder MapRetrainEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/models/uplift/retrain", RetrainAsync)
            .WithTags("Governance")
            .RequireOperation(Operations.TrainModel)
            .WithName("RetrainUpliftFromLog")
            .WithSummary("Retrain uplift models from logged decisions and observed outcomes")
            .WithDescription("Body (all optional): {\"actionTypes\":[\"csm_outreach\"],\"minRowsPerArm\":30,\"register\":true}. Trains one challenger per action type on the " +
                "training-examples projection (decision-time features, logged propensities), evaluates it and the champion off-policy (IPS/SNIPS) on held-out logs, " +
                "and registers it as a challenger (trigger \"manual\"). 409 while another run (e.g. the scheduled one) holds the retraining lock. 422 names the action, arm and counts when there are too few labelled rows; the registry is then unchanged.")
            .Produces<RetrainRun>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        endpoints.MapPost("/api/models/churn/retrain", RetrainChurnAsync)
            .WithTags("Governance")
            .RequireOperation(Operations.TrainModel)
            .WithName("RetrainChurnFromLog")
            .WithSummary("Retrain the churn model from the untreated decisions of the log")
            .WithDescription("Body (all optional): {\"minRows\":200,\"register\":true}. Trains a churn model on the labelled decisions that left the account untreated " +
                "(holdout, no action, alternatives not applied, undone before the outcome), one row per account-decision, churned = not retained, on the decision-time features, " +
                "and registers it as a challenger (trigger \"manual\"; promotion stays with the promotion gate). 409 while another run holds the retraining lock. " +
                "422 names the counts (rows, churned, retained, treated decisions left out) when there are too few rows or one class; the registry is then unchanged.")
            .Produces<RetrainRun>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return endpoints;
    }

    private static async Task<IResult> RetrainAsync([FromBody] RetrainRequest? request, ClaimsPrincipal user, UpliftRetrainer retrainer, ActionCatalog catalog,
        Marten.IDocumentStore store, CancellationToken cancellationToken)
    {
        var types = request?.ActionTypes ?? [];
        if (types.FirstOrDefault(t => !catalog.All.Any(d => d.Type.Value == t)) is { } unknown)
            return Api.ApiProblems.Field("actionTypes", $"actionTypes: '{unknown}' is not an action type of the catalog.");
        if (request?.MinRowsPerArm is < 10)
            return Api.ApiProblems.Field("minRowsPerArm", "minRowsPerArm: at least 10 (the learners' own floor), or leave it out for 30.");
        var options = new UpliftRetrainOptions { ActionTypes = types, MinRowsPerArm = request?.MinRowsPerArm ?? 30, Register = request?.Register ?? true };
        return await UnderLockAsync(store, () => retrainer.RetrainAsync(options, user.ToActor().Id, cancellationToken), cancellationToken);
    }

    private static async Task<IResult> RetrainChurnAsync([FromBody] ChurnRetrainRequest? request, ClaimsPrincipal user, ChurnRetrainer retrainer,
        Marten.IDocumentStore store, CancellationToken cancellationToken)
    {
        if (request?.MinRows is < ChurnRetrainOptions.MinRowsFloor)
            return Api.ApiProblems.Field("minRows", $"minRows: at least {ChurnRetrainOptions.MinRowsFloor} (the churn model's own floor), or leave it out for {ChurnRetrainOptions.DefaultMinRows}.");
        var options = new ChurnRetrainOptions { MinRows = request?.MinRows ?? ChurnRetrainOptions.DefaultMinRows, Register = request?.Register ?? true };
        return await UnderLockAsync(store, () => retrainer.RetrainAsync(options, user.ToActor().Id, cancellationToken), cancellationToken);
    }

    /// <summary>Runs a retraining under the lock the scheduled runs take: 409 while another run holds it, 422 when there are too few rows.</summary>
    private static async Task<IResult> UnderLockAsync(Marten.IDocumentStore store, Func<Task<RetrainRun>> retrain, CancellationToken cancellationToken)
    {
        // The same lock as the scheduled runs: two runs at once would race for the same next versions.
        await using var held = await RetrainLock.TryAcquireAsync(store, cancellationToken);
        if (held is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Retraining in progress",
                detail: "Another retraining run (scheduled, or another person's) is in progress; try again when it has finished. The model registry is unchanged.");
        try
        {
            return TypedResults.Ok(await retrain());
        }
        catch (RetrainException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Too few labelled rows", detail: e.Message + " The model registry is unchanged.");
        }
    }
}

/// <summary>Body of <c>POST /api/models/uplift/retrain</c>; every field is optional.</summary>
public sealed record RetrainRequest(IReadOnlyList<string>? ActionTypes, int? MinRowsPerArm, bool? Register);

/// <summary>Body of <c>POST /api/models/churn/retrain</c>; every field is optional.</summary>
public sealed record ChurnRetrainRequest(int? MinRows, bool? Register);
