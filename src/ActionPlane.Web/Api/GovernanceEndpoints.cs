using ActionPlane.Web.Features.ModelsRegistry;
using ActionPlane.Web.Features.Policies;

namespace ActionPlane.Web.Api;

/// <summary><c>GET /api/policies</c>, <c>/api/policies/tests</c> and <c>/api/models</c>: the governance reviewer's read-only views.</summary>
public static class GovernanceEndpoints
{
    public static RouteGroupBuilder MapGovernanceEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/policies", (PolicyBrowserService policies) => TypedResults.Ok(policies.GetBundle()))
            .WithTags("Governance")
            .RequireRoles(ApiRoles.Auditors)
            .WithName("GetPolicyBundle")
            .WithSummary("The active policy bundle: revision and every file with its Rego source")
            .WithDescription("revision is the hash of the files on disk; engineRevision is what the policy engine reports (they differ while a reload is pending or with an OPA server).")
            .Produces<PolicyBundleSnapshot>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/policies/tests", async (PolicyBrowserService policies, CancellationToken cancellationToken) =>
                TypedResults.Ok(await policies.RunTestsAsync(cancellationToken)))
            .WithTags("Governance")
            .RequireRoles(ApiRoles.Auditors)
            .WithName("RunPolicyTests")
            .WithSummary("Run the bundle's Rego tests")
            .WithDescription("Runs every test_* rule of the bundle's *_test.rego files like opa test, once per revision; pass/fail per test with the failure reason.")
            .Produces<PolicyTestSummary>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPolicyRevisionEndpoints();

        api.MapGet("/models", async (ModelRegistryService models, CancellationToken cancellationToken) =>
                TypedResults.Ok(await models.ListAsync(cancellationToken)))
            .WithTags("Governance")
            .RequireRoles(ApiRoles.Auditors)
            .WithName("ListModels")
            .WithSummary("The model registry: every version, oldest first")
            .WithDescription("Metrics (roc_auc, pr_auc, brier, ...), champion flag, training window, features and the model card; never the model bytes.")
            .Produces<IReadOnlyList<ModelVersionSummary>>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }
}
