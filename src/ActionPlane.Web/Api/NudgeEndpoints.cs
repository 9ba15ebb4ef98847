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
            .WithDescription("{\"kind\":\"not_relevant\"} hides the nudge, records it as a negative label, and stops nudges of its category " +
                "(or, with \"scope\":\"action\", of its action type) for you for limits.suppression_days (60). DELETE takes it back.")
            .Produces<NudgeFeedbackResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapDelete("/nudges/{id}/feedback", UndoFeedbackAsync)
            .WithTags("Nudges")
            .RequireRoles(ApiRoles.EndUsers)
            .WithName("UndoNudgeFeedback")
            .WithSummary("Take back a \"not relevant\": show the nudge again and lift its suppression")
            .Produces<NudgeFeedbackResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/users/{userId}/nudges/hidden", GetHiddenAsync)
            .WithTags("Nudges")
            .RequireRoles(ApiRoles.NudgeReaders)
            .WithName("GetHiddenNudges")
            .WithSummary("What a user marked not relevant and is still hidden, with until when")
            .WithDescription("An end user reads only their own; staff may read anyone's.")
            .Produces<HiddenNudgeResponse[]>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    private static async Task<IResult> UndoFeedbackAsync(string id, ClaimsPrincipal user, NudgeService nudges, CancellationToken cancellationToken)
    {
        await nudges.UndoNotRelevantAsync(id, user.ToActor().Id, cancellationToken);
        return TypedResults.Ok(new NudgeFeedbackResponse(id, NudgeService.NotRelevant, "withdrawn"));
    }

    private static async Task<IResult> GetHiddenAsync(string userId, ClaimsPrincipal user, NudgeService nudges, CancellationToken cancellationToken)
    {
        var caller = user.ToActor();
        if (!string.Equals(caller.Id, userId, StringComparison.Ordinal) && !ApiRoles.NudgeStaff.Any(caller.HasRole))
            return TypedResults.Problem("End users can read only their own hidden nudges.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        var hidden = await nudges.GetHiddenAsync(userId, cancellationToken);
        return TypedResults.Ok(hidden.Select(h => new HiddenNudgeResponse(h.NudgeId, h.Title, h.Scope, h.Value, h.Until, h.DaysLeft)).ToArray());
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

        var scope = request.Scope ?? SuppressionEntry.CategoryScope;
        if (scope is not (SuppressionEntry.CategoryScope or SuppressionEntry.ActionScope))
            return ApiProblems.Field("scope", $"scope: '{scope}' is not a scope; use {SuppressionEntry.CategoryScope} (the default) or {SuppressionEntry.ActionScope}.");

        await nudges.DismissAsync(id, user.ToActor().Id, request.Kind, scope, cancellationToken);
        return TypedResults.Ok(new NudgeFeedbackResponse(id, request.Kind, "dismissed"));
    }
}
