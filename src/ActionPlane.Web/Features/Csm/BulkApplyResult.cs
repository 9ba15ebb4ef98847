using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;

namespace ActionPlane.Web.Features.Csm;

/// <summary>What bulk apply did with one proposal: applied (with the receipt's summary) or refused (with the reason).</summary>
public sealed record BulkApplyResult(Guid ProposalId, bool Applied, string Message)
{
    /// <summary>
    /// Bulk apply takes only allowed, non-consequential proposals that need no approval: anything
    /// consequential goes through the simulate/approve path one at a time.
    /// </summary>
    public static bool IsEligible(ProposalView proposal, ActionStatus status) =>
        status == ActionStatus.Allowed
        && proposal.Allowed
        && !proposal.RequiresApproval
        && !proposal.SuggestOnly
        && ActionCatalog.Default.TryGet(proposal.ActionType, out var definition)
        && !definition.Consequential;
}
