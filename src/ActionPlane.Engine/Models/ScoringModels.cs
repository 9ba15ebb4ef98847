using ActionPlane.Engine.Features;
using ActionPlane.Engine.Ranking;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Engine.Models;

/// <summary>
/// The models batch scoring applies: the churn champion and, once trained, the uplift champion of
/// each action type and the action ranker. All take <see cref="FeatureBuilder"/>'s features.
/// </summary>
public sealed record ScoringModels
{
    public ScoringModels(ChurnModel churn, IReadOnlyList<UpliftModel> uplift, ActionRankingModel? ranking)
    {
        ArgumentNullException.ThrowIfNull(churn);
        ArgumentNullException.ThrowIfNull(uplift);
        foreach (var model in uplift)
            if (ServableFeatures.WhyNotExact(model.FeatureNames) is { } why)
                throw new ArgumentException($"Uplift model {model.Version} cannot be served: {why}.", nameof(uplift));
        if (ranking is not null && ServableFeatures.WhyNotExact(ranking.FeatureNames) is { } rankWhy)
            throw new ArgumentException($"Ranking model {ranking.Version} cannot be served: {rankWhy}.", nameof(ranking));
        if (uplift.Select(u => u.ActionType).Distinct(StringComparer.Ordinal).Count() != uplift.Count)
            throw new ArgumentException("Two uplift models for the same action type.", nameof(uplift));
        Churn = churn;
        Uplift = [.. uplift.OrderBy(u => u.ActionType, StringComparer.Ordinal)];
        Ranking = ranking;
        UpliftVersion = Uplift.Count == 0 ? null : string.Join(',', Uplift.Select(u => u.Version.ToString()));
        ChurnVersion = churn.Version.ToString();
        RankVersion = ranking?.Version.ToString();
        UpliftActionTypes = [.. Uplift.Select(u => u.ActionType)];
        _compiledUplift = new Lazy<CompiledUplift?>(() => Uplift.Count == 0 ? null : new CompiledUplift(Uplift));
        _compiledRanking = new Lazy<CompiledRanking?>(() => Ranking is null ? null : new CompiledRanking(Ranking));
    }

    private readonly Lazy<CompiledUplift?> _compiledUplift;
    private readonly Lazy<CompiledRanking?> _compiledRanking;

    public ChurnModel Churn { get; }
    /// <summary>One per action type, ordered by action type.</summary>
    public IReadOnlyList<UpliftModel> Uplift { get; }
    public ActionRankingModel? Ranking { get; }
    /// <summary>The action types of <see cref="Uplift"/>, in its order: the keys of every score's uplift.</summary>
    public IReadOnlyList<string> UpliftActionTypes { get; }
    /// <summary>All uplift models compiled to score together (built on first use); null without uplift models.</summary>
    public CompiledUplift? CompiledUplift => _compiledUplift.Value;
    /// <summary>The ranker compiled for batch scoring (built on first use); null without a ranking model.</summary>
    public CompiledRanking? CompiledRanking => _compiledRanking.Value;
    /// <summary>What <see cref="AccountScore.UpliftModelVersion"/> records: the uplift versions, comma-separated.</summary>
    public string? UpliftVersion { get; }
    public string ChurnVersion { get; }
    public string? RankVersion { get; }

    public static ScoringModels ChurnOnly(ChurnModel churn) => new(churn, [], null);
}
