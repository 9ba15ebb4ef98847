using ActionPlane.Web.Auth.Authz;

namespace ActionPlane.Web.Auth;

/// <summary>
/// The one place that says which operation each endpoint and page performs, for those that do not
/// name it themselves with <c>.RequireOperation(...)</c>: the named page policies, and the API
/// endpoints mapped with role lists (<c>.RequireRoles(ApiRoles.X)</c>). The Rego bundle then decides
/// who may do the operation. An endpoint found nowhere keeps its role check, and the authorization
/// matrix test fails until it is listed here.
/// </summary>
public static class OperationMap
{
    /// <summary><c>[Authorize(Policy = AuthPolicies.X)]</c> and <c>.RequireAuthorization(AuthPolicies.X)</c>.</summary>
    public static IReadOnlyDictionary<string, string> Policies { get; } = new Dictionary<string, string>
    {
        [AuthPolicies.Csm] = Operations.ReadAccounts,
        [AuthPolicies.Approver] = Operations.ReadApprovals,
        [AuthPolicies.Reviewer] = Operations.ReadAudit,
        [AuthPolicies.EndUser] = Operations.SelfService,
        [AuthPolicies.Admin] = Operations.ManageTokens,
    };

    /// <summary>Endpoints by "METHOD route pattern" (pages by route pattern alone).</summary>
    public static IReadOnlyDictionary<string, string> Routes { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["GET /api/me"] = Operations.ReadProfile,
        ["/"] = Operations.ReadProfile,
        ["/access-denied"] = Operations.ReadProfile,
        ["GET /api/accounts"] = Operations.ReadAccounts,
        ["POST /api/accounts/{accountId}/proposals"] = Operations.Propose,
        ["GET /api/proposals/{id:guid}"] = Operations.Read,
        ["GET /api/proposals/{id:guid}/trace"] = Operations.Read,
        ["POST /api/proposals/{id:guid}/simulate"] = Operations.Simulate,
        ["POST /api/proposals/{id:guid}/request-approval"] = Operations.RequestApproval,
        ["POST /api/proposals/{id:guid}/approve"] = Operations.Approve,
        ["POST /api/proposals/{id:guid}/reject"] = Operations.Reject,
        ["POST /api/proposals/{id:guid}/apply"] = Operations.Apply,
        ["POST /api/proposals/{id:guid}/undo"] = Operations.Undo,
        ["PUT /api/proposals/{id:guid}/payload"] = Operations.EditProposal,
        ["GET /api/decisions"] = Operations.ReadAudit,
        ["GET /api/decisions/export"] = Operations.Export,
        ["GET /audit/export"] = Operations.Export,
        ["POST /api/decisions/{id:guid}/replay"] = Operations.Replay,
        ["GET /api/policies"] = Operations.ReadAudit,
        ["GET /api/policies/tests"] = Operations.ReadAudit,
        ["GET /api/policies/revisions"] = Operations.ReadAudit,
        ["GET /api/policies/revisions/diff"] = Operations.ReadAudit,
        ["GET /api/policies/revisions/{revision}"] = Operations.ReadAudit,
        ["GET /api/governance/parity"] = Operations.ReadAudit,
        ["GET /api/governance/metrics"] = Operations.ReadAudit,
        ["GET /api/governance/ope"] = Operations.ReadAudit,
        ["GET /api/models"] = Operations.ReadAudit,
        ["GET /api/models/{version}/drift"] = Operations.ReadAudit,
        ["GET /api/users/{userId}/nudges"] = Operations.ReadNudges,
        ["POST /api/nudges/{id}/feedback"] = Operations.Dismiss,
        ["DELETE /api/nudges/{id}/feedback"] = Operations.Dismiss,
        ["GET /api/users/{userId}/nudges/hidden"] = Operations.ReadNudges,
        ["GET /api/users/{userId}/preferences"] = Operations.ReadPreferences,
        ["PUT /api/users/{userId}/preferences"] = Operations.EditPreferences,
        ["POST /api/outcomes"] = Operations.RecordOutcome,
        ["POST /api/autopilot/run"] = Operations.RunAutopilot,
        ["POST /api/decision-runs"] = Operations.RunDecisions,
        ["GET /api/decision-runs/latest"] = Operations.RunDecisions,
        ["/admin/decision-runs"] = Operations.RunDecisions,
    };

    /// <summary>The operation of an endpoint, or null when nothing names one.</summary>
    public static string? Find(EndpointBuilder endpoint)
    {
        if (endpoint.Metadata.OfType<OperationMetadata>().LastOrDefault() is { } named)
            return named.Operation;
        if (endpoint is RouteEndpointBuilder route)
        {
            var pattern = route.RoutePattern.RawText ?? "";
            pattern = pattern.Length > 1 ? pattern.TrimEnd('/') : pattern;
            foreach (var method in endpoint.Metadata.OfType<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods))
            {
                if (Routes.TryGetValue($"{method} {pattern}", out var byMethod))
                    return byMethod;
            }
            if (Routes.TryGetValue(pattern, out var byPattern))
                return byPattern;
        }
        return endpoint.Metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>()
            .Select(a => a.Policy is { } name && Policies.TryGetValue(name, out var op) ? op : null)
            .LastOrDefault(op => op is not null);
    }
}
