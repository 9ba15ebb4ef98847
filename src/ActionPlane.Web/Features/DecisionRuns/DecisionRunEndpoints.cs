using System.Security.Claims;
using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Api;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace ActionPlane.Web.Features.DecisionRuns;

/// <summary>
/// <c>POST /api/decision-runs</c> (start the weekly decision run now) and <c>GET /api/decision-runs/latest</c> (its
/// progress while it runs, its summary after). Operation <c>run_decisions</c> (Auth/OperationMap), the admin's.
/// </summary>
public static class DecisionRunEndpoints
{
    public const string LatestPath = "/api/decision-runs/latest";
    private const int MaxAccountIds = 10_000;

    public static IEndpointRouteBuilder MapDecisionRunEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/decision-runs", StartAsync)
            .WithTags("Decisioning")
            .WithName("StartDecisionRun")
            .WithSummary("Start the weekly decision run now")
            .WithDescription("Body (optional): {\"accountIds\":[\"acc-0001\"]} to decide only those accounts (e.g. the ones a run failed on). " +
                "Lapses open proposals past ActionPlane:Decisioning:ProposalTtlDays, then proposes for every account the engine has not decided this ISO week, " +
                "as the system actor, one account at a time. 202 with the run (follow " + LatestPath + "); 409 while another run (scheduled, another person's, " +
                "another instance's) is in progress; 400 naming an account id that does not exist.")
            .Produces<DecisionRunResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        endpoints.MapGet(LatestPath, LatestAsync)
            .WithTags("Decisioning")
            .WithName("LatestDecisionRun")
            .WithSummary("The latest decision run: progress while it runs, summary after")
            .Produces<DecisionRunResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> StartAsync([FromBody] DecisionRunRequest? request, ClaimsPrincipal user, DecisionRunHost host, DecisionRunner runner,
        CancellationToken cancellationToken)
    {
        var ids = request?.AccountIds ?? [];
        if (ids.Count > MaxAccountIds)
            return ApiProblems.Field("accountIds", $"accountIds: at most {MaxAccountIds}; leave it out to decide every account.");
        if (ids.FirstOrDefault(string.IsNullOrWhiteSpace) is not null)
            return ApiProblems.Field("accountIds", "accountIds: an empty account id.");
        if (ids.Count > 0 && await runner.UnknownAccountsAsync(ids, cancellationToken) is [var unknown, ..])
            return ApiProblems.Field("accountIds", $"accountIds: '{unknown}' is not an account of this tenant; nothing was started.");
        var run = await host.TryStartAsync("manual", user.ToActor().Id, ids, cancellationToken);
        if (run is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Decision run in progress",
                detail: $"Another decision run (scheduled, another person's, or another instance's) is in progress; follow it at {LatestPath} and start again when it has finished.");
        return TypedResults.Accepted(LatestPath, DecisionRunResponse.From(run));
    }

    private static async Task<IResult> LatestAsync(DecisionRunner runner, CancellationToken cancellationToken) =>
        await runner.LatestAsync(cancellationToken) is { } run
            ? TypedResults.Ok(DecisionRunResponse.From(run))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No decision run yet",
                detail: "No decision run has been made yet; POST /api/decision-runs starts one.");
}

/// <summary>Body of <c>POST /api/decision-runs</c>; every field is optional.</summary>
public sealed record DecisionRunRequest(IReadOnlyList<string>? AccountIds);

/// <summary>A decision run as the API shows it (status in snake_case; counts are of accounts unless named otherwise).</summary>
public sealed record DecisionRunResponse(
    Guid Id, string Status, string Trigger, string StartedBy, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, double DurationSeconds, string IsoWeek,
    int Accounts, int Done, int ActionDecisions, int NoActionDecisions, int HoldoutDecisions, int Unchanged, int Skipped, int Failed,
    int ProposalsWritten, int ProposalsExpired, IReadOnlyList<DecisionRunFailure> Failures, IReadOnlyList<string> AccountIds, string? Error)
{
    internal static DecisionRunResponse From(DecisionRun r) => new(
        r.Id, ApiText.Of(r.Status), r.Trigger, r.StartedBy, r.StartedAt, r.FinishedAt, r.DurationSeconds, r.IsoWeek,
        r.Accounts, r.Done, r.ActionDecisions, r.NoActionDecisions, r.HoldoutDecisions, r.Unchanged, r.Skipped, r.Failed,
        r.ProposalsWritten, r.ProposalsExpired, r.Failures, r.AccountIds, r.Error);
}
