using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Uplift;

/// <summary>
/// How many stumps the log-odds DR learner's effect model g keeps, chosen by cross-validation on the
/// training rows only: where an action's effect is weak beside the noise of its pseudo-outcomes, few
/// stumps (g near a constant log-odds shift) order accounts better than many; where it is strong,
/// more stumps follow it. The loss is the fit's own weighted least squares on held-out rows.
/// </summary>
internal static class EffectTreeCount
{
    private const int Folds = 3;

    /// <summary>
    /// The count among <paramref name="choices"/> with the least held-out loss Σ v (target − g)². Fits
    /// the largest count once per fold and scores its prefixes: LightGBM builds stumps in order, so
    /// the first n stumps of a long fit are the fit with n.
    /// </summary>
    public static int Choose(float[][] x, double[] targets, double[] weights, IReadOnlyList<int> choices, GbmOptions effect, int seed)
    {
        if (choices.Count == 0 || choices.Any(c => c < 0))
            throw new ArgumentException("Effect tree choices must be non-negative counts.", nameof(choices));
        if (effect.Leaves != 2)
            throw new ArgumentException("Choosing the effect tree count by prefixes needs stumps (Leaves = 2).", nameof(effect));
        var most = choices.Max();
        var loss = new double[choices.Count];
        var fold = RandomFolds.Assign(x.Length, Folds, seed ^ 0x7EE5);
        for (var k = 0; k < Folds; k++)
        {
            var fit = Enumerable.Range(0, x.Length).Where(i => fold[i] != k).ToArray();
            var held = Enumerable.Range(0, x.Length).Where(i => fold[i] == k).ToArray();
            var model = Gbm.FitRegression([.. fit.Select(i => x[i])], [.. fit.Select(i => targets[i])], effect with { Trees = most, Seed = seed + k },
                [.. fit.Select(i => weights[i])]);
            var stumps = model.Stumps(1).ToArray();
            foreach (var i in held)
            {
                // stumps[0] is the bias; stumps[1..] the trees in the order they were built.
                var g = 0.0;
                var built = 0;
                for (var s = 0; s < stumps.Length; s++)
                {
                    var (feature, threshold, left, right) = stumps[s];
                    g += feature < 0 ? left : Value(x[i], feature) <= threshold ? left : right;
                    built = s;
                    for (var c = 0; c < choices.Count; c++)
                    {
                        if (choices[c] == built || (s == stumps.Length - 1 && choices[c] > built))
                            loss[c] += weights[i] * (targets[i] - g) * (targets[i] - g);
                    }
                }
            }
        }
        return choices[Array.IndexOf(loss, loss.Min())];
    }

    private static float Value(float[] row, int feature) => float.IsNaN(row[feature]) ? GbmTrees.Missing : row[feature];
}
