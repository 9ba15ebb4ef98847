using ActionPlane.Engine.Features;
using ActionPlane.Engine.Ranking;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Engine.Models;

/// <summary>
/// One thread's share of batch scoring: the scoring models plus that thread's scratch buffers, so
/// scoring an account allocates only what its <see cref="AccountScore"/> keeps.
/// </summary>
internal sealed class AccountScorer(ScoringModels models, DateTimeOffset scoredAt)
{
    private readonly CompiledUplift? _uplift = models.CompiledUplift;
    private readonly CompiledUplift.Scratch? _upliftScratch = models.CompiledUplift?.NewScratch();
    private readonly CompiledRanking? _ranking = models.CompiledRanking;
    private readonly CompiledRanking.Scratch? _rankingScratch = models.CompiledRanking?.NewScratch();
    private readonly ChurnModel.Scratch _churnScratch = models.Churn.NewScratch();
    // A churn model stored with another feature order than today's builder needs a vector of its own.
    private readonly bool _churnSharesVector = models.Churn.FeatureNames.SequenceEqual(FeatureBuilder.FeatureNames);

    /// <summary>Scores <paramref name="snapshots"/>[start..end) into the same positions of <paramref name="scores"/>.</summary>
    public void Score(IReadOnlyList<FeatureSnapshot> snapshots, int start, int end, AccountScore[] scores)
    {
        for (var i = start; i < end; i++)
            scores[i] = Score(snapshots[i]);
    }

    private AccountScore Score(FeatureSnapshot snapshot)
    {
        var vector = FeatureBuilder.ToVector(snapshot);
        var churnVector = _churnSharesVector ? vector : FeatureBuilder.ToVector(snapshot, models.Churn.FeatureNames);
        var churn = models.Churn.Predict(snapshot, churnVector, _churnScratch, BatchScorer.DriversPerScore);
        return new AccountScore
        {
            Id = churn.AccountId,
            ChurnProbability = churn.Probability,
            Tier = churn.Tier,
            Drivers = churn.Drivers,
            ModelVersion = models.ChurnVersion,
            ScoredAt = scoredAt,
            Features = snapshot,
            Uplift = UpliftOf(vector),
            UpliftModelVersion = models.UpliftVersion,
            RankScores = RankOf(vector),
            RankModelVersion = models.RankVersion,
        };
    }

    private ActionValues<UpliftEstimate> UpliftOf(float[] vector)
    {
        var estimates = new UpliftEstimate[models.UpliftActionTypes.Count];
        if (_uplift is not null)
            _uplift.Predict(vector, estimates, _upliftScratch!);
        return new ActionValues<UpliftEstimate>(models.UpliftActionTypes, estimates);
    }

    private ActionValues<double> RankOf(float[] vector)
    {
        if (_ranking is null)
            return NoRanks;
        var scores = new double[_ranking.ActionTypes.Count];
        _ranking.Score(vector, scores, _rankingScratch!);
        return new ActionValues<double>(_ranking.ActionTypes, scores);
    }

    private static readonly ActionValues<double> NoRanks = new([], []);
}
