using System.Globalization;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Proposals;

public sealed partial class NextBestActionEngine
{
    private static ProposalExplanation Explain(ActionDefinition definition, JsonObject metadata, AccountScore? score, ProposalScores scores)
    {
        var category = metadata["category"]?.GetValue<string>() ?? definition.Category;
        if (score is null)
            return new ProposalExplanation(
                $"{definition.Title}: no churn score for this account yet, so it is ranked on cost alone.",
                "No churn score yet.", [], SignalDescriber.UserFacingWhy(category, null));

        var drivers = score.Drivers
            .OrderByDescending(d => Math.Abs(d.Contribution))
            .Take(MaxDrivers)
            .Select(d => new ExplanationDriver(d.Feature, d.Value, d.Contribution, SignalDescriber.Describe(d)))
            .ToArray();
        var trigger = drivers.FirstOrDefault(d => d.Contribution > 0)?.Description
            ?? $"Churn risk is {score.Tier.ToString().ToLowerInvariant()}";
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{definition.Title}: churn risk {score.ChurnProbability:P0} ({score.Tier.ToString().ToLowerInvariant()}); {trigger}. " +
            $"Expected value {scores.ExpectedValue:0} = {scores.ChurnProbability:0.00} × {scores.ValueAtStake:0} at stake × {scores.AssumedEffectiveness:0.###} assumed effect − {scores.Cost:0} cost.");
        return new ProposalExplanation(summary, trigger + ".", drivers, SignalDescriber.UserFacingWhy(category, drivers.FirstOrDefault(d => d.Contribution > 0)?.Feature));
    }
}
