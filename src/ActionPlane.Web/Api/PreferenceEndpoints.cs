using System.Security.Claims;
using ActionPlane.Engine.Nudges;
using ActionPlane.Web.Api.Contracts;
using ActionPlane.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace ActionPlane.Web.Api;

/// <summary><c>/api/users/{userId}/preferences</c>: the end user's own preference center (403 for anyone else's).</summary>
public static class PreferenceEndpoints
{
    public static RouteGroupBuilder MapPreferenceEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/users/{userId}/preferences", GetAsync)
            .WithTags("Preferences")
            .RequireRoles(ApiRoles.EndUsers)
            .WithName("GetUserPreferences")
            .WithSummary("Your nudge preferences: muted categories, frequency, opt-out")
            .Produces<PreferencesResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/users/{userId}/preferences", PutAsync)
            .WithTags("Preferences")
            .RequireRoles(ApiRoles.EndUsers)
            .WithName("PutUserPreferences")
            .WithSummary("Replace your nudge preferences")
            .WithDescription("The policy gate honours them on the next proposal: opted_out and muted categories deny with consent.*, frequency with frequency.user_preference.")
            .Produces<PreferencesResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<IResult> GetAsync(string userId, ClaimsPrincipal user, PreferenceService preferences, CancellationToken cancellationToken)
    {
        if (!IsSelf(user, userId))
            return Forbidden();
        return TypedResults.Ok(PreferencesResponse.From(await preferences.GetAsync(userId, cancellationToken)));
    }

    private static async Task<IResult> PutAsync(
        string userId, [FromBody] PreferencesRequest? request, ClaimsPrincipal user, PreferenceService preferences, CancellationToken cancellationToken)
    {
        if (!IsSelf(user, userId))
            return Forbidden();
        if (request?.MutedCategories is null)
            return ApiProblems.Field("mutedCategories", "mutedCategories: required; send [] to mute nothing.");
        if (string.IsNullOrWhiteSpace(request.Frequency))
            return ApiProblems.Field("frequency", $"frequency: required; one of {string.Join(", ", NudgeFrequency.All)}.");
        if (request.OptedOut is not { } optedOut)
            return ApiProblems.Field("optedOut", "optedOut: required; true or false.");

        var saved = await preferences.SaveAsync(new NudgePreferences(userId, request.MutedCategories, request.Frequency, optedOut), cancellationToken);
        return TypedResults.Ok(PreferencesResponse.From(saved));
    }

    private static bool IsSelf(ClaimsPrincipal user, string userId) => string.Equals(user.ToActor().Id, userId, StringComparison.Ordinal);

    private static IResult Forbidden() =>
        TypedResults.Problem("Users can read and change only their own preferences.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
}
