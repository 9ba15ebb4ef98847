namespace ActionPlane.Engine.Tabular;

/// <summary>
/// Cross-fitting's fold of each row: independent uniform draws from a seeded <see cref="Random"/>, in row
/// order, so a seed gives the same folds on every run (not stratified: the learners that use it weight
/// rows themselves; churn's cross-validation stratifies by label instead).
/// </summary>
internal static class RandomFolds
{
    public static int[] Assign(int rows, int folds, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var random = new Random(seed);
        var fold = new int[rows];
        for (var i = 0; i < fold.Length; i++)
            fold[i] = random.Next(folds);
        return fold;
    }
}
