using ActionPlane.Engine.Governance;
using ActionPlane.Web.Api.Contracts;
using ActionPlane.Web.Features.Policies;

namespace ActionPlane.Web.Api;

/// <summary><c>GET /api/policies/revisions</c>, one revision's files, and the diff between two: every bundle revision that was ever active.</summary>
public static class PolicyRevisionEndpoints
{
    public static RouteGroupBuilder MapPolicyRevisionEndpoints(this RouteGroupBuilder api)
    {
        var revisions = api.MapGroup("/policies/revisions")
            .WithTags("Governance")
            .RequireRoles(ApiRoles.Auditors)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        revisions.MapGet("", ListAsync)
            .WithName("ListPolicyRevisions")
            .WithSummary("Every policy bundle revision that was active, most recently activated first")
            .WithDescription("active marks the revision the policy engine decides under now. A revision is stored when the bundle is loaded or reloaded.")
            .Produces<IReadOnlyList<PolicyRevisionSummary>>();

        revisions.MapGet("/diff", DiffAsync)
            .WithName("DiffPolicyRevisions")
            .WithSummary("What changed between two revisions, file by file and line by line")
            .WithDescription("from and to are revisions from GET /api/policies/revisions; hunks carry three lines of context like diff -u.")
            .Produces<PolicyRevisionDiffResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        revisions.MapGet("/{revision}", GetAsync)
            .WithName("GetPolicyRevision")
            .WithSummary("One stored revision with the source of every file")
            .Produces<PolicyRevisionFilesResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ListAsync(PolicyBrowserService policies, CancellationToken cancellationToken) =>
        TypedResults.Ok(await policies.ListRevisionsAsync(cancellationToken));

    private static async Task<IResult> GetAsync(string revision, PolicyRevisionStore store, CancellationToken cancellationToken) =>
        await store.LoadAsync(revision, cancellationToken) is { } r
            ? TypedResults.Ok(new PolicyRevisionFilesResponse(r.Id, r.FirstActiveAt, r.LastActivatedAt, r.Files))
            : NotFound("revision", revision);

    private static async Task<IResult> DiffAsync(string? from, string? to, PolicyRevisionStore store, PolicyBrowserService policies, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(from))
            return ApiProblems.Field("from", "from: required, the older revision.");
        if (string.IsNullOrWhiteSpace(to))
            return ApiProblems.Field("to", "to: required, the newer revision.");
        if (await policies.DiffAsync(from, to, cancellationToken) is { } diff)
            return TypedResults.Ok(PolicyRevisionDiffResponse.Of(diff));
        return await store.LoadAsync(from, cancellationToken) is null ? NotFound("from", from) : NotFound("to", to);
    }

    private static IResult NotFound(string field, string revision) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
            detail: $"{field}: no stored policy revision '{revision}'; GET /api/policies/revisions lists them.");
}
