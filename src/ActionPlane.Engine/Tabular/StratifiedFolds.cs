namespace ActionPlane.Engine.Tabular;

/// <summary>
/// Fold of each row for stratified k-fold work (churn's cross-validation by label, uplift's cross-fit by
/// arm × outcome): each stratum's rows, in ascending stratum order, are shuffled with one seeded
/// <see cref="Random"/> and dealt round-robin, so every fold keeps each stratum's share and a seed gives the
/// same folds on every run.
/// </summary>
public static class StratifiedFolds
{
    public static int[] Assign(IReadOnlyList<int> strata, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(strata);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var rng = new Random(seed);
        var fold = new int[strata.Count];
        foreach (var group in Enumerable.Range(0, strata.Count).GroupBy(i => strata[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            rng.Shuffle(members);
            for (var j = 0; j < members.Length; j++)
                fold[members[j]] = j % folds;
        }
        return fold;
    }

    /// <summary>Per fold k: the rows of the other folds (to train on) and the rows of fold k (held out).</summary>
    public static IEnumerable<(int Fold, int[] Train, int[] Held)> Splits(int[] fold, int folds)
    {
        ArgumentNullException.ThrowIfNull(fold);
        for (var k = 0; k < folds; k++)
            yield return (k, Enumerable.Range(0, fold.Length).Where(i => fold[i] != k).ToArray(), Enumerable.Range(0, fold.Length).Where(i => fold[i] == k).ToArray());
    }
}
