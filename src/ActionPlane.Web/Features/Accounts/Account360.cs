using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;

namespace ActionPlane.Web.Features.Accounts;

/// <summary>Everything the account 360 shows: the account, its score, 90 days of signals, open proposals and past decisions.</summary>
public sealed record Account360(
    Account Account,
    AccountScore? Score,
    IReadOnlyList<UsageDay> Usage,
    IReadOnlyList<SupportTicket> Tickets,
    IReadOnlyList<BillingChange> Billing,
    IReadOnlyList<DecisionRecord> OpenProposals,
    IReadOnlyList<DecisionRecord> PastDecisions)
{
    /// <summary>The decision trace of each open proposal that has one (proposals recorded before traces existed have none).</summary>
    public IReadOnlyDictionary<Guid, ActionPlane.Engine.Decisioning.DecisionTrace> Traces { get; init; } =
        new Dictionary<Guid, ActionPlane.Engine.Decisioning.DecisionTrace>();

    /// <summary>
    /// For a former customer only: the gate's verdict now on a new action for it (eligibility.churned refuses it, in the
    /// policy's words); null for a customer.
    /// </summary>
    public ActionPlane.Policies.PolicyDecision? NewActionVerdict { get; init; }

    /// <summary>Proposals still waiting for a CSM or an approver.</summary>
    public static bool IsOpen(ActionStatus status) =>
        status is ActionStatus.Allowed or ActionStatus.AwaitingApproval or ActionStatus.Approved;
}
