using System.Globalization;
using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Web.Api.Contracts;

namespace ActionPlane.Web.Api;

/// <summary><c>GET /api/decisions</c>: the decision log for governance reviewers, newest first.</summary>
public static class DecisionEndpoints
{
    private const int DefaultTake = 100;

    public static RouteGroupBuilder MapDecisionEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/decisions", SearchAsync)
            .WithTags("Decisions")
            .RequireRoles(ApiRoles.Auditors)
            .WithName("SearchDecisions")
            .WithSummary("Search the decision log")
            .WithDescription("Every filter is optional. from/to are ISO 8601 dates or timestamps (UTC unless an offset is given) on the proposal time; to is exclusive. " +
                "status is a lifecycle status such as applied or rolled_back. skip/take page the results (take at most 500).")
            .Produces<DecisionPageResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/decisions/{id:guid}/replay", ReplayAsync)
            .WithTags("Decisions")
            .RequireRoles(ApiRoles.Auditors)
            .WithName("ReplayDecision")
            .WithSummary("Replay a recorded decision under another policy revision")
            .WithDescription("Evaluates the recorded policy input of the proposal's latest gate decision (or decisionId) under a stored revision " +
                "(GET /api/policies/revisions), at the recorded time, and compares the outcome: verdict (allow, requires_approval, deny) and deny rules added or removed. " +
                "outcome is same, changed, or operation_unknown when the revision's gate does not know the recorded operation (e.g. approve under a revision " +
                "from before it existed): it cannot judge the decision, nothing is compared, and explanation says why. Changes nothing.")
            .Produces<ReplayResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ReplayAsync(Guid id, ReplayRequest? request, DecisionReplayer replayer, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Revision))
            return ApiProblems.Field("revision", "revision: required; pick one of GET /api/policies/revisions.");
        return TypedResults.Ok(ReplayResponse.From(await replayer.ReplayAsync(id, request.Revision, request.DecisionId, cancellationToken)));
    }

    // Every parameter is a string so a bad value gets a 400 naming it, not a generic binding failure.
    private static async Task<IResult> SearchAsync(
        string? accountId, string? actionType, string? from, string? to, string? status, string? skip, string? take,
        DecisionLog log, CancellationToken cancellationToken)
    {
        if (TryReadFilter(accountId, actionType, from, to, status, out var filter) is { } problem)
            return problem;
        if (!TryParseCount(skip, 0, 0, int.MaxValue, out var skipValue))
            return ApiProblems.Field("skip", "skip: must be a whole number, 0 or more.");
        if (!TryParseCount(take, DefaultTake, 1, DecisionLog.MaxPageSize, out var takeValue))
            return ApiProblems.Field("take", $"take: must be a whole number from 1 to {DecisionLog.MaxPageSize}.");

        var records = await log.SearchAsync(filter with { Skip = skipValue, Take = takeValue }, cancellationToken);
        return TypedResults.Ok(new DecisionPageResponse([.. records.Select(DecisionSummaryResponse.From)], skipValue, takeValue));
    }

    /// <summary>
    /// Reads the decision log filters shared by search and export; returns a 400 naming the bad
    /// field, or null with <paramref name="filter"/> set.
    /// </summary>
    internal static IResult? TryReadFilter(string? accountId, string? actionType, string? from, string? to, string? status, out DecisionQuery filter)
    {
        filter = new DecisionQuery();
        if (!TryParseTime(from, out var fromTime))
            return ApiProblems.Field("from", $"from: '{from}' is not a date or timestamp; use ISO 8601, e.g. 2026-11-01 or 2026-11-01T09:00:00Z.");
        if (!TryParseTime(to, out var toTime))
            return ApiProblems.Field("to", $"to: '{to}' is not a date or timestamp; use ISO 8601, e.g. 2026-11-30 or 2026-11-30T17:00:00Z.");
        if (fromTime is { } f && toTime is { } t && t <= f)
            return ApiProblems.Field("to", "to: must be after from (to is exclusive).");
        ActionStatus? statusValue = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            var match = Enum.GetValues<ActionStatus>().Where(s => ApiText.Of(s) == status.Trim().ToLowerInvariant()).ToArray();
            if (match.Length == 0)
                return ApiProblems.Field("status", $"status: '{status}' is not a status; use one of {string.Join(", ", Enum.GetValues<ActionStatus>().Select(ApiText.Of))}.");
            statusValue = match[0];
        }
        filter = new DecisionQuery(Blank(accountId), Blank(actionType), fromTime, toTime, statusValue);
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal static bool TryParseTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
            return true;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            value = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            value = time;
            return true;
        }
        return false;
    }

    private static bool TryParseCount(string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (string.IsNullOrWhiteSpace(text))
            return true;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }
}
