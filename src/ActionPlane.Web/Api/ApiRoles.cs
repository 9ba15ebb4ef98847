using ActionPlane.Web.Auth;
using Microsoft.AspNetCore.Authorization;

namespace ActionPlane.Web.Api;

/// <summary>
/// Who may call which <c>/api</c> endpoint, written once as policies so the authorization matrix
/// reads in one place (and the tests check the same table).
/// </summary>
public static class ApiRoles
{
    /// <summary>Work accounts and proposals: propose, simulate, apply, undo, request approval.</summary>
    public static IReadOnlyList<string> Operators { get; } = [Roles.Csm, Roles.Approver, Roles.Admin];

    /// <summary>Approve or reject consequential actions (the Engine also requires the approver role itself).</summary>
    public static IReadOnlyList<string> Approvers { get; } = [Roles.Approver];

    /// <summary>Read the decision log (reviewers are read-only).</summary>
    public static IReadOnlyList<string> Auditors { get; } = [Roles.Reviewer, Roles.Admin];

    /// <summary>Read one proposal's record: the people who work it and the people who audit it.</summary>
    public static IReadOnlyList<string> ProposalReaders { get; } = [Roles.Csm, Roles.Approver, Roles.Admin, Roles.Reviewer];

    /// <summary>Read a user's nudges: the end user (their own only) and staff (any user's).</summary>
    public static IReadOnlyList<string> NudgeReaders { get; } = [Roles.EndUser, Roles.Csm, Roles.Approver, Roles.Reviewer, Roles.Admin];

    /// <summary>Staff who may read any user's nudges; an end user reads only their own.</summary>
    public static IReadOnlyList<string> NudgeStaff { get; } = [Roles.Csm, Roles.Approver, Roles.Reviewer, Roles.Admin];

    /// <summary>Answer a nudge: only the end user it was shown to.</summary>
    public static IReadOnlyList<string> EndUsers { get; } = [Roles.EndUser];

    /// <summary>Ingest observed outcomes: admins and service accounts (role <c>service</c>) of the customer's systems.</summary>
    public static IReadOnlyList<string> OutcomeWriters { get; } = [Roles.Admin, "service"];

    /// <summary>Requires a bearer token with one of <paramref name="roles"/>, and says so in the OpenAPI description.</summary>
    internal static TBuilder RequireRoles<TBuilder>(this TBuilder builder, IReadOnlyList<string> roles) where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(roles).Build());
        var note = $"Roles: {string.Join(", ", roles)}.";
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Description = string.IsNullOrEmpty(operation.Description) ? note : $"{operation.Description}\n\n{note}";
            return Task.CompletedTask;
        });
        return builder;
    }
}
