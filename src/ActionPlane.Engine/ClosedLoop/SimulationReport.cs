using System.Text.Json.Serialization;

namespace ActionPlane.Engine.ClosedLoop;

/// <summary>What a closed-loop run produced: the report JSON of <c>actionplane simulate</c>.</summary>
public sealed record SimulationReport
{
    [JsonPropertyName("strategy")] public required string Strategy { get; init; }
    [JsonPropertyName("seed")] public required int Seed { get; init; }
    [JsonPropertyName("accounts")] public required int Accounts { get; init; }
    [JsonPropertyName("days")] public required int Days { get; init; }
    [JsonPropertyName("weekly_budget")] public required int WeeklyBudget { get; init; }
    [JsonPropertyName("scenario")] public required Data.Scenario Scenario { get; init; }
    [JsonPropertyName("policy_revision")] public required string PolicyRevision { get; init; }
    /// <summary>Accounts still customers at the end.</summary>
    [JsonPropertyName("retained")] public required int Retained { get; init; }
    [JsonPropertyName("churned")] public required int Churned { get; init; }
    [JsonPropertyName("churned_mrr")] public required decimal ChurnedMrr { get; init; }
    [JsonPropertyName("actions_applied")] public required int ActionsApplied { get; init; }
    [JsonPropertyName("actions_undone")] public required int ActionsUndone { get; init; }
    /// <summary>Chosen candidates the gate denied (at apply or undo).</summary>
    [JsonPropertyName("policy_denials")] public required int PolicyDenials { get; init; }
    /// <summary>Chosen candidates left as suggestions because the week's budget was spent.</summary>
    [JsonPropertyName("suggest_only")] public required int SuggestOnly { get; init; }
    [JsonPropertyName("cost")] public required decimal Cost { get; init; }
    /// <summary>Cost ÷ applied actions whose account was still a customer 90 days later (or at the end).</summary>
    [JsonPropertyName("cost_per_successful_action")] public required decimal? CostPerSuccessfulAction { get; init; }
    [JsonPropertyName("successful_actions")] public required int SuccessfulActions { get; init; }
    /// <summary>Mean true uplift (from the generator, at the time of applying) of the applied actions: how well the strategy chose.</summary>
    [JsonPropertyName("mean_true_uplift_applied")] public required double MeanTrueUpliftApplied { get; init; }
    /// <summary>Share of proposals that reached the gate whose payload was valid against its schema.</summary>
    [JsonPropertyName("json_validity")] public required double JsonValidity { get; init; }
    [JsonPropertyName("proposals_checked")] public required int ProposalsChecked { get; init; }
    /// <summary>Applied actions whose recorded input the recorded policy revision denies on re-evaluation.</summary>
    [JsonPropertyName("policy_violations")] public required int PolicyViolations { get; init; }
    [JsonPropertyName("policy_evaluations")] public required int PolicyEvaluations { get; init; }
    [JsonPropertyName("holdout_accounts")] public required int HoldoutAccounts { get; init; }
    [JsonPropertyName("retrainings")] public required int Retrainings { get; init; }
    [JsonPropertyName("ope")] public OpeReport? Ope { get; init; }
    [JsonPropertyName("weeks")] public required IReadOnlyList<WeekSeries> Weeks { get; init; }
    [JsonPropertyName("seconds")] public required double Seconds { get; init; }
}

/// <summary>One simulated week, for charts.</summary>
public sealed record WeekSeries(
    [property: JsonPropertyName("week")] int Week,
    [property: JsonPropertyName("date")] DateOnly Date,
    [property: JsonPropertyName("active")] int Active,
    [property: JsonPropertyName("churned_total")] int ChurnedTotal,
    [property: JsonPropertyName("applied")] int Applied,
    [property: JsonPropertyName("explored")] int Explored,
    [property: JsonPropertyName("denials")] int Denials,
    [property: JsonPropertyName("cost")] decimal Cost,
    [property: JsonPropertyName("mean_churn_risk")] double MeanChurnRisk);

/// <summary>
/// Off-policy estimates of nba's value from the exploration period's logs (reward: retained over the
/// 90 days after a decision), next to the value nba realised afterwards. Intervals: normal approximation.
/// </summary>
public sealed record OpeReport(
    [property: JsonPropertyName("logged_decisions")] int LoggedDecisions,
    [property: JsonPropertyName("ips")] OpeFigure Ips,
    [property: JsonPropertyName("snips")] OpeFigure Snips,
    [property: JsonPropertyName("dr")] OpeFigure Dr,
    [property: JsonPropertyName("realised")] double Realised,
    [property: JsonPropertyName("realised_decisions")] int RealisedDecisions,
    [property: JsonPropertyName("dr_relative_error")] double DrRelativeError,
    [property: JsonPropertyName("dr_incremental_vs_no_action")] OpeFigure DrIncremental);

public sealed record OpeFigure(
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("lower")] double Lower,
    [property: JsonPropertyName("upper")] double Upper,
    [property: JsonPropertyName("effective_sample_size")] double EffectiveSampleSize)
{
    public static OpeFigure Of(Decisioning.OffPolicy.OffPolicyEstimate e) =>
        new(Math.Round(e.Value, 5), Math.Round(e.Lower, 5), Math.Round(e.Upper, 5), Math.Round(e.EffectiveSampleSize, 1));
}
