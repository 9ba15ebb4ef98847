using ActionPlane.Engine.Models.Drift;
using ActionPlane.Web.Features.ModelsRegistry;
using ActionPlane.Web.Features.Policies;

namespace ActionPlane.Web.Api;

/// <summary><c>GET /api/policies</c> (tests, revisions), <c>/api/models</c> and a version's drift: the governance reviewer's read-only views.</summary>
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
        api.MapGovernanceReportEndpoints();

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

        api.MapGet("/models/{version}/drift", async (string version, ModelRegistryService models, CancellationToken cancellationToken) =>
                await models.DriftAsync(version, cancellationToken) is { } report
                    ? Results.Ok(report)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                        detail: $"version: no model '{version}' in the registry; GET /api/models lists them."))
            .WithTags("Governance")
            .RequireRoles(ApiRoles.Auditors)
            .WithName("GetModelDrift")
            .WithSummary("Feature drift (PSI), calibration drift and weekly ROC-AUC of a model version")
            .WithDescription("features: PSI per feature of the accounts this version scores now against its training data (band: stable < 0.1 ≤ moderate < 0.25 ≤ significant), " +
                "largest first, with the training and current share per bin (last bin = missing). trainingCalibration: reliability curve and ECE on the held-out test split; " +
                "recentCalibration: the same over proposals made with this version whose outcome (churned vs renewed/retained) was recorded, one per account and week. weekly: per ISO week of decision (the week the proposals were scored), labelled (accounts with an outcome), churners, rocAuc, prAuc, ece, meanPredicted and observedRate " +
                "(null below 20 outcomes; the AUCs also with one class). recentAuc: ROC-AUC pooled over the last 4 weeks up to the latest week with an outcome against the training roc_auc; aucDrop = training minus recent. " +
                "hasBaseline is false for versions trained before baselines were kept.")
            .Produces<DriftReport>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
