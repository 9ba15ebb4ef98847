using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Domain;

namespace ActionPlane.Engine.Proposals;

/// <summary>
/// Placeholder scoring until the uplift model exists: expected value ≈ churn probability × value at
/// stake × an assumed per-action effectiveness − cost. The uplift model replaces the assumed
/// effectiveness (and this class) with estimated incremental effect per account and action.
/// </summary>
public static class BaselineValueHeuristic
{
    /// <summary>One renewal year of revenue is what a saved churn is worth.</summary>
    public const int MonthsAtStake = 12;

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

    public static ProposalScores Score(ActionDefinition definition, JsonObject payload, Account account, double churnProbability)
    {
        var effectiveness = AssumedEffectiveness(definition.Type.Value);
        var valueAtStake = account.Mrr * MonthsAtStake;
        var cost = definition.Cost + VariableCost(definition.Type.Value, payload, account);
        var expected = (decimal)churnProbability * valueAtStake * (decimal)effectiveness - cost;
        return new ProposalScores(churnProbability, effectiveness, valueAtStake, Math.Round(cost, 2), Math.Round(expected, 2));
    }

    /// <summary>A discount costs the revenue it gives away; other actions cost what the catalog says.</summary>
    private static decimal VariableCost(string actionType, JsonObject payload, Account account) =>
        actionType == "offer_discount"
        && payload["percent"] is JsonValue p && p.TryGetValue<int>(out var percent)
        && payload["months"] is JsonValue m && m.TryGetValue<int>(out var months)
            ? account.Mrr * percent / 100m * months
            : 0m;
}
