using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Domain;

namespace ActionPlane.Engine.Proposals;

/// <summary>
/// The named fallback when an account has no uplift estimate for an action: the action's uplift is
/// assumed to be churn probability × a fixed per-action effectiveness (a rough prior, not a model).
/// The engine says so in the decision trace (<c>baseline_heuristic</c>). Also the one place that
/// prices an action (catalog cost plus variable cost), for both bases.
/// </summary>
public static class BaselineValueHeuristic
{
    // Assumed share of at-risk revenue each action saves. Rough priors, deliberately modest, and
    // ordered by how much effort the action costs the customer's team to ignore.
    private static readonly Dictionary<string, double> s_effectiveness = new(StringComparer.Ordinal)
    {
        ["show_checklist"] = 0.03,
        ["pin_shortcut"] = 0.02,
        ["schedule_nudge"] = 0.025,
        ["prefill_form"] = 0.04,
        ["unlock_trial_within_caps"] = 0.06,
        ["suggest_upgrade_within_policy"] = 0.015,
        ["csm_outreach"] = 0.10,
        ["offer_discount"] = 0.15,
    };

    public static double AssumedEffectiveness(string actionType) => s_effectiveness.GetValueOrDefault(actionType, 0.01);

    /// <summary>The assumed retention uplift: churn probability × assumed effectiveness.</summary>
    public static double AssumedUplift(string actionType, double churnProbability) => churnProbability * AssumedEffectiveness(actionType);

    /// <summary>One renewal year of revenue is what a saved churn is worth (the default arbitration horizon too).</summary>
    public const int MonthsAtStake = 12;

    /// <summary>
    /// The whole baseline valuation of one candidate: churn probability × a year of MRR × assumed
    /// effectiveness − cost (the simulation's <c>risk_top</c> strategy orders by it).
    /// </summary>
    public static ProposalScores Score(ActionDefinition definition, JsonObject payload, Account account, double churnProbability)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(account);
        var type = definition.Type.Value;
        var effectiveness = AssumedEffectiveness(type);
        var valueAtStake = account.Mrr * MonthsAtStake;
        var cost = Cost(definition, payload, account);
        var expected = (decimal)churnProbability * valueAtStake * (decimal)effectiveness - cost;
        return new ProposalScores(churnProbability, effectiveness, valueAtStake, cost, Math.Round(expected, 2),
            AssumedUplift(type, churnProbability), 0, 0, ProposalScores.BaselineBasis);
    }

    /// <summary>What applying costs: the catalog cost, plus the revenue a discount gives away.</summary>
    public static decimal Cost(ActionDefinition definition, JsonObject payload, Account account) =>
        Math.Round(definition.Cost + VariableCost(definition.Type.Value, payload, account), 2);

    private static decimal VariableCost(string actionType, JsonObject payload, Account account) =>
        actionType == "offer_discount"
        && payload["percent"] is JsonValue p && p.TryGetValue<int>(out var percent)
        && payload["months"] is JsonValue m && m.TryGetValue<int>(out var months)
            ? account.Mrr * percent / 100m * months
            : 0m;
}
