using System.Globalization;
using System.Text;
using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Ranking;

/// <summary>Builds the action ranker's registry artifact (kind <c>ranking</c>) and its short model card.</summary>
public static class ActionRankingCard
{
    public static ModelArtifact ToArtifact(ActionRankingModel model, string dataHash, int accounts, TrainingWindow window, string dataDescription, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = CultureInfo.InvariantCulture;
        var card = new StringBuilder();
        card.AppendLine(c, $"# Action ranking model {model.Version}");
        card.AppendLine(c, $"Orders {model.ActionTypes.Count} action types within one account: LightGBM LambdaRank, one query per account.");
        card.AppendLine(c, $"- Relevance: graded 0–4 from each action's uplift on the account's retention.");
        card.AppendLine(c, $"- Data: {dataDescription}");
        card.AppendLine(c, $"- Held-out accounts: NDCG@1 {model.Metrics.GetValueOrDefault("ndcg@1"):F3}, NDCG@3 {model.Metrics.GetValueOrDefault("ndcg@3"):F3}.");
        card.AppendLine("- Limitations: scores are comparable only within one account.");
        return new ModelArtifact
        {
            Id = model.Version.ToString(),
            Kind = ActionRankingModel.Kind,
            Version = model.Version.ToString(),
            CreatedAt = createdAt,
            Metrics = model.Metrics.Where(kv => double.IsFinite(kv.Value)).ToDictionary(),
            Features = [.. model.FeatureNames, .. model.ActionTypes.Select(a => $"action={a}")],
            TrainingWindow = window,
            DataHash = dataHash,
            TrainingExamples = accounts,
            ModelCard = card.ToString(),
            Bytes = model.Save(),
        };
    }
}
