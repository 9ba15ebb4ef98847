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

    /// <summary>"Expected incremental value 412 = uplift 0.043 × 14,400 at stake − 120 cost − 87 uncertainty (uplift model)."</summary>
    private static string ValueSentence(ProposalScores s) => s.Basis == ProposalScores.UpliftBasis
        ? string.Create(CultureInfo.InvariantCulture,
            $"Expected incremental value {s.ExpectedValue:0} = uplift {s.Uplift:0.###} (± {s.UpliftStdError:0.###}) × {s.ValueAtStake:0} at stake − {s.Cost:0} cost − {s.UncertaintyPenalty:0} uncertainty penalty (uplift model).")
        : string.Create(CultureInfo.InvariantCulture,
            $"Expected value {s.ExpectedValue:0} = {s.ChurnProbability:0.00} × {s.ValueAtStake:0} at stake × {s.AssumedEffectiveness:0.###} assumed effect − {s.Cost:0} cost (baseline heuristic: no uplift estimate for this action yet).");
}
