namespace ActionPlane.Web.Api;

/// <summary>The domain REST API under <c>/api</c>: accounts, proposals and their lifecycle, decisions, nudges, governance.</summary>
public static class ApiEndpoints
{
    /// <summary>Maps every domain endpoint. Authentication (bearer) and problem details come from the host.</summary>
    public static IEndpointRouteBuilder MapActionPlaneApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapAccountEndpoints();
        api.MapProposalEndpoints();
        api.MapApplyEndpoints();
        api.MapDecisionEndpoints();
        api.MapDecisionExportEndpoints();
        api.MapGovernanceEndpoints();
        api.MapNudgeEndpoints();
        api.MapPreferenceEndpoints();
        api.MapProposalEditEndpoints();
        api.MapOutcomeEndpoints();
        return endpoints;
    }
}
