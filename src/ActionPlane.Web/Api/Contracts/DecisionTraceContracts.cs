using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Proposals;

namespace ActionPlane.Web.Api.Contracts;

/// <summary>
/// Why the engine proposed an action, in full (for CSMs and reviewers): the models' drivers and
/// triggering signals, the expected-value parts and their basis, how the decision was made (arm,
/// propensity, holdout), the weekly budget and cap counters, the policy concerns passed and failed,
/// the versions that decided, and <see cref="EndUserWhy"/>: the short PII-free sentence an end user sees.
/// </summary>
public sealed record DecisionTraceResponse(
    string AccountId,
    string ActionType,
    string DecidedBy,
    string Arm,
    double Propensity,
    bool Holdout,
    bool Chosen,
    string? DroppedBecause,
    bool SuggestOnly,
    int RankWithinAccount,
    TraceValueResponse Value,
    IReadOnlyList<TraceDriverResponse> TopDrivers,
    IReadOnlyList<string> TriggeringSignals,
    TraceBudgetResponse Budget,
    IReadOnlyDictionary<string, int> CapState,
    IReadOnlyList<string> PolicyRulesPassed,
    IReadOnlyList<string> PolicyRulesFailed,
    string PolicyRevision,
    string ChurnModelVersion,
    string UpliftModelVersion,
    string RankModelVersion,
    string EndUserWhy)
{
    internal static DecisionTraceResponse From(DecisionTrace t, string endUserWhy) => new(
        t.AccountId, t.ActionType, t.DecidedBy, ApiText.Of(t.Arm), t.Propensity, t.Holdout, t.Chosen, t.DroppedBecause, t.SuggestOnly, t.RankWithinAccount,
        new TraceValueResponse(t.ValueBasis, t.Value.Uplift, t.Value.StdError, t.Value.AccountValue, t.Value.Cost, t.Value.Penalty, t.Value.Expected),
        [.. t.TopDrivers.Select(d => new TraceDriverResponse(d.Feature, d.Value, d.Contribution, SignalDescriber.Describe(d)))],
        t.TriggeringSignals,
        new TraceBudgetResponse(t.Budget.IsoWeek, t.Budget.MoneyBudget, t.Budget.Spent, t.Budget.ActionsApplied, t.Budget.Exhausted),
        t.CapState, t.PolicyRulesPassed, t.PolicyRulesFailed, t.PolicyRevision, t.ChurnModelVersion, t.UpliftModelVersion, t.RankModelVersion,
        endUserWhy);
}

/// <summary>Expected incremental value = uplift × account value − cost − uncertainty penalty; basis <c>uplift_model</c> or <c>baseline_heuristic</c>.</summary>
public sealed record TraceValueResponse(string Basis, double Uplift, double StdError, decimal AccountValue, decimal Cost, decimal UncertaintyPenalty, decimal ExpectedValue);

/// <summary>One churn-model driver: feature, its value, its contribution, in words.</summary>
public sealed record TraceDriverResponse(string Feature, double? Value, double Contribution, string Description);

/// <summary>The tenant's weekly budget when the decision was made (<c>budget</c> null: no budget configured).</summary>
public sealed record TraceBudgetResponse(string IsoWeek, decimal? Budget, decimal Spent, int ActionsApplied, bool Exhausted);
