using System.Security.Claims;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Training;
using ActionPlane.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace ActionPlane.Web.Features.ModelsRegistry;

/// <summary>
/// <c>POST /api/models/uplift/retrain</c>: closes the loop from the product — retrains uplift per action
/// from logged decisions and their observed outcomes and registers the results as challengers
/// (promotion stays with the promotion gate).
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
        // The same lock as the scheduled runs: two runs at once would race for the same next versions.
        await using var held = await RetrainLock.TryAcquireAsync(store, cancellationToken);
        if (held is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Retraining in progress",
                detail: "Another retraining run (scheduled, or another person's) is in progress; try again when it has finished. The model registry is unchanged.");
        try
        {
            return TypedResults.Ok(await retrainer.RetrainAsync(options, user.ToActor().Id, cancellationToken));
        }
        catch (RetrainException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Too few labelled rows", detail: e.Message + " The model registry is unchanged.");
        }
    }
}

/// <summary>Body of <c>POST /api/models/uplift/retrain</c>; every field is optional.</summary>
public sealed record RetrainRequest(IReadOnlyList<string>? ActionTypes, int? MinRowsPerArm, bool? Register);
