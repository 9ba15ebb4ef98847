using System.Text.Json.Nodes;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Nudges;
using ActionPlane.Engine.Proposals;
using ActionPlane.Policies;
using ActionPlane.Web.Features.Csm;

namespace ActionPlane.Web.Tests.Features;

/// <summary>Real Engine records with readable values, for rendering components in bUnit.</summary>
internal static class Samples
{
    public static AccountRow Account(string id, RiskTier tier, double churn) =>
        new(id, $"Account {id}", "pro", "mid_market", 1200m, new DateOnly(2027, 1, 15), churn, tier,
            [new FeatureContribution("usage_trend", -0.4, 0.8), new FeatureContribution("seat_utilisation", 0.3, 0.5)], "churn-20261123-1");

    public static ProposalView Proposal(string actionType = "schedule_nudge", bool allowed = true, bool requiresApproval = false,
        ActionStatus status = ActionStatus.Allowed, IReadOnlyList<PolicyViolation>? deny = null) =>
        new(Guid.NewGuid(), 1, "acc-1", "user-1", actionType, "Schedule an in-app nudge", "Shows a message in the product.",
            new JsonObject { ["message"] = "Try automations" },
            new ProposalScores(0.62, 0.05, 744m, 1m, 36.2m),
            new ProposalExplanation("Usage fell by 40 % in the last month.", "Weekly active users dropped", [
                new ExplanationDriver("usage_trend", -0.4, 0.8, "Usage trend fell 40 %"),
            ], "Teams like yours use automations to save time."),
            status, allowed, deny ?? [], requiresApproval, "dec-1", "rev-abc", "churn-20261123-1", "csm@demo.local",
            new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    /// <summary>A proposal with a decision trace: the engine's exploit choice, or suggest-only when the week's budget is spent.</summary>
    public static ProposalView TracedProposal(bool suggestOnly = false)
    {
        var proposal = Proposal();
        var budget = new ActionPlane.Engine.Decisioning.BudgetState("2026-W48", 100m, suggestOnly ? 100m : 0m, null, suggestOnly ? 3 : 0);
        var trace = new ActionPlane.Engine.Decisioning.DecisionTrace
        {
            AccountId = "acc-1", ActionType = proposal.ActionType,
            TopDrivers = [new FeatureContribution("tickets_30d", 7, 0.21)], TriggeringSignals = ["Support tickets in the last 30 days is 7, which raises churn risk"],
            Value = new ActionPlane.Engine.Decisioning.ValueBreakdown(0.05, 0.01, 14_400m, 1m, 72m, 647m),
            RankWithinAccount = 1, Arm = ActionPlane.Engine.Decisioning.Arm.Exploit, Propensity = 0.95, Holdout = false, SuggestOnly = suggestOnly,
            Chosen = true, Budget = budget, ChurnModelVersion = "churn-20261123-1", UpliftModelVersion = "uplift/schedule_nudge-1", PolicyRevision = "rev-abc",
            PolicyRulesPassed = ["eligibility", "consent"], CapState = new Dictionary<string, int> { ["nudges_user_7d"] = 1 },
        };
        return proposal with { Explanation = proposal.Explanation with { Trace = trace } };
    }

    public static ApplyReceipt Receipt(Guid proposalId) =>
        new(proposalId, "key-1", "csm@demo.local", new DateTimeOffset(2026, 11, 23, 10, 5, 0, TimeSpan.Zero), "nudge-1",
            "Nudge scheduled for user-1", RollbackToken.Issue(new byte[32], proposalId, 3, new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero)),
            new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), ActionStatus.Applied, Replayed: false);

    public static NudgeView Nudge(string id = "nudge-1") =>
        new(id, Guid.NewGuid(), "schedule_nudge", "adoption", "Automate your weekly report", "Automations can take the weekly reporting off your plate.",
            "You are seeing this because your team has not tried automations yet.", [], DateTimeOffset.UnixEpoch, null);

    public static DecisionRecord Decision() => new()
    {
        Id = Guid.NewGuid(),
        DecisionId = "dec-42",
        Operation = "undo",
        PolicyRevision = "rev-7f3a",
        ModelVersion = "churn-20261123-1",
        AccountId = "acc-1",
        ActionType = "schedule_nudge",
        Status = ActionStatus.RolledBack,
        Allowed = true,
        ProposedBy = "csm@demo.local",
        ProposedAt = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
        AppliedBy = "csm@demo.local",
        AppliedAt = new DateTimeOffset(2026, 11, 23, 10, 5, 0, TimeSpan.Zero),
        UndoneBy = "csm@demo.local",
        UndoneAt = new DateTimeOffset(2026, 11, 23, 10, 9, 0, TimeSpan.Zero),
        Decisions = [new GateDecisionSummary("propose", "dec-40", true, [], "rev-7f3a", "csm@demo.local", DateTimeOffset.UnixEpoch)],
        Trail =
        [
            new DecisionTrailEntry(1, "ActionProposed", DateTimeOffset.UnixEpoch, "csm@demo.local", "Proposed schedule_nudge"),
            new DecisionTrailEntry(2, "PolicyEvaluated", DateTimeOffset.UnixEpoch, "csm@demo.local", "propose: allow"),
            new DecisionTrailEntry(3, "ActionApplied", DateTimeOffset.UnixEpoch, "csm@demo.local", "Applied"),
            new DecisionTrailEntry(4, "ActionRolledBack", DateTimeOffset.UnixEpoch, "csm@demo.local", "Undone"),
        ],
    };
}
