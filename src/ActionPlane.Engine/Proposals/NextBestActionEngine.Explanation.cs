using System.Globalization;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Proposals;

public sealed partial class NextBestActionEngine
{
    private static ProposalExplanation Explain(ActionDefinition definition, JsonObject metadata, AccountScore? score, ProposalScores scores, DecisionTrace trace)
    {
        var category = metadata["category"]?.GetValue<string>() ?? definition.Category;
        var value = ValueSentence(scores);
        if (score is null)
            return new ProposalExplanation(
                $"{definition.Title}: no churn score for this account yet. {value}",
                "No churn score yet.", [], EndUserWhy.For(definition.Type.Value, category, []), trace);

        var drivers = score.Drivers
            .OrderByDescending(d => Math.Abs(d.Contribution))
            .Take(MaxDrivers)
            .Select(d => new ExplanationDriver(d.Feature, d.Value, d.Contribution, SignalDescriber.Describe(d)))
            .ToArray();
        var trigger = drivers.FirstOrDefault(d => d.Contribution > 0)?.Description
            ?? $"Churn risk is {score.Tier.ToString().ToLowerInvariant()}";
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{definition.Title}: churn risk {score.ChurnProbability:P0} ({score.Tier.ToString().ToLowerInvariant()}); {trigger}. {value}");
        return new ProposalExplanation(summary, trigger + ".", drivers, EndUserWhy.For(definition.Type.Value, category, score.Drivers.OrderByDescending(d => Math.Abs(d.Contribution)).ToArray()), trace);
    }

    /// <summary>
    /// "Expected incremental value 412 = uplift 4.3 % (± 1.2 %) × 14,400 at stake − 120 cost − 87 uncertainty penalty (uplift model)."
    /// Money in the tenant's currency with thousands separators, uplift and churn as percentages, so a CSM reads it as the card's figures.
    /// </summary>
    internal static string ValueSentence(ProposalScores s) => s.Basis == ProposalScores.UpliftBasis
        ? string.Create(CultureInfo.InvariantCulture,
            $"Expected incremental value {s.ExpectedValue:N0} = uplift {Percent(s.Uplift ?? 0)} (± {Percent(s.UpliftStdError ?? 0)}) × {s.ValueAtStake:N0} at stake − {s.Cost:N0} cost − {s.UncertaintyPenalty:N0} uncertainty penalty (uplift model).")
        : string.Create(CultureInfo.InvariantCulture,
            $"Expected value {s.ExpectedValue:N0} = {Percent(s.ChurnProbability)} churn risk × {s.ValueAtStake:N0} at stake × {Percent(s.AssumedEffectiveness)} assumed effect − {s.Cost:N0} cost (baseline heuristic: no uplift estimate for this action yet).");

    private static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
