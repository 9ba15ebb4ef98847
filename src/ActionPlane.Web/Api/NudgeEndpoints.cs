using System.Security.Claims;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Nudges;
using ActionPlane.Web.Api.Contracts;
using ActionPlane.Web.Auth;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace ActionPlane.Web.Api;

/// <summary><c>/api/users/{userId}/nudges</c> and <c>/api/nudges/{id}/feedback</c>: the end user's in-app nudges.</summary>
public static class NudgeEndpoints
{
    public static RouteGroupBuilder MapNudgeEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/users/{userId}/nudges", GetForUserAsync)
            .WithTags("Nudges")
            .RequireRoles(ApiRoles.NudgeReaders)
            .WithName("GetUserNudges")
            .WithSummary("A user's visible nudges, each with why it is shown")
            .WithDescription("An end user reads only their own (and reading records them as shown); CSMs, approvers, reviewers and admins may read anyone's.")
            .Produces<NudgeResponse[]>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/nudges/{id}/feedback", FeedbackAsync)
            .WithTags("Nudges")
            .RequireRoles(ApiRoles.EndUsers)
            .WithName("NudgeFeedback")
            .WithSummary("Dismiss one of your nudges as not relevant")
            .WithDescription("{\"kind\":\"not_relevant\"} hides the nudge and stops nudges of its category for you.")
            .Produces<NudgeFeedbackResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<IResult> GetForUserAsync(
        string userId, ClaimsPrincipal user, NudgeService nudges, IDocumentStore store, CancellationToken cancellationToken)
    {
        var caller = user.ToActor();
        var isSelf = string.Equals(caller.Id, userId, StringComparison.Ordinal);
        if (!isSelf && !ApiRoles.NudgeStaff.Any(caller.HasRole))
            return TypedResults.Problem("End users can read only their own nudges.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

        await using (var session = store.QuerySession())
        {
            if (await session.LoadAsync<EndUser>(userId, cancellationToken) is null)
                return TypedResults.Problem($"User '{userId}' does not exist.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var visible = await nudges.GetForUserAsync(userId, cancellationToken);
        // Only the user's own reading counts as "shown"; staff looking at an inbox is not an impression.
        if (isSelf)
        {
            foreach (var nudge in visible.Where(n => n.ShownAt is null))
                await nudges.MarkShownAsync(nudge.NudgeId, userId, cancellationToken);
        }
        return TypedResults.Ok(visible.Select(NudgeResponse.From).ToArray());
    }

    private static async Task<IResult> FeedbackAsync(
        string id, [FromBody] NudgeFeedbackRequest? request, ClaimsPrincipal user, NudgeService nudges, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Kind))
            return ApiProblems.Field("kind", $"kind: required; send {{\"kind\":\"{NudgeService.NotRelevant}\"}}.");
        if (request.Kind != NudgeService.NotRelevant)
            return ApiProblems.Field("kind", $"kind: '{request.Kind}' is not a feedback kind; the only kind is {NudgeService.NotRelevant}.");

        await nudges.DismissAsync(id, user.ToActor().Id, request.Kind, cancellationToken);
        return TypedResults.Ok(new NudgeFeedbackResponse(id, request.Kind, "dismissed"));
    }
}
