namespace ActionPlane.Engine.Uplift;

/// <summary>
/// Uplift evaluation exactly as scikit-uplift defines it: Qini and uplift curves over the rows
/// sorted by predicted uplift (one point per distinct score), normalised areas where random is
/// the straight line to the curve's end and perfect is the best possible ordering of the rows.
/// </summary>
public static class UpliftMetrics
{
    /// <summary>Qini curve: x = rows targeted, y = treated responders − control responders × n_t / n_c.</summary>
    public static (double[] X, double[] Y) QiniCurve(IReadOnlyList<bool> outcome, IReadOnlyList<double> uplift, IReadOnlyList<bool> treated) =>
        Curve(outcome, uplift, treated, (yT, yC, nT, nC, _) => yT - (nC == 0 ? 0 : yC * nT / nC));

    /// <summary>Uplift curve: x = rows targeted, y = (response rate treated − response rate control) × rows.</summary>
    public static (double[] X, double[] Y) UpliftCurve(IReadOnlyList<bool> outcome, IReadOnlyList<double> uplift, IReadOnlyList<bool> treated) =>
        Curve(outcome, uplift, treated, (yT, yC, nT, nC, n) => ((nT == 0 ? 0 : yT / nT) - (nC == 0 ? 0 : yC / nC)) * n);

    /// <summary>scikit-uplift's <c>qini_auc_score</c> (negative_effect = true).</summary>
    public static double QiniAuc(IReadOnlyList<bool> outcome, IReadOnlyList<double> uplift, IReadOnlyList<bool> treated)
    {
        Check(outcome, uplift, treated);
        // The perfect Qini ordering: treated responders first, control responders last.
        var perfect = outcome.Select((y, i) => (y ? 1.0 : 0) * (treated[i] ? 1 : 0) - (y ? 1.0 : 0) * (treated[i] ? 0 : 1)).ToArray();
        return Normalised(QiniCurve(outcome, uplift, treated), QiniCurve(outcome, perfect, treated));
    }

    /// <summary>scikit-uplift's <c>uplift_auc_score</c>.</summary>
    public static double UpliftAuc(IReadOnlyList<bool> outcome, IReadOnlyList<double> uplift, IReadOnlyList<bool> treated)
    {
        Check(outcome, uplift, treated);
        var controlResponders = outcome.Where((y, i) => y && !treated[i]).Count();
        var treatedNonResponders = outcome.Where((y, i) => !y && treated[i]).Count();
        var perfect = outcome.Select((y, i) =>
        {
            var summand = controlResponders > treatedNonResponders ? (y ? 1 : 0) : (treated[i] ? 1 : 0);
            return 2.0 * (y == treated[i] ? 1 : 0) + summand;
        }).ToArray();
        return Normalised(UpliftCurve(outcome, uplift, treated), UpliftCurve(outcome, perfect, treated));
    }

    /// <summary>
    /// scikit-uplift's <c>uplift_at_k</c> with strategy "overall": the top ⌊k·n⌋ rows by predicted uplift,
    /// mean outcome of the treated among them minus that of the control.
    /// </summary>
    public static double UpliftAtK(IReadOnlyList<bool> outcome, IReadOnlyList<double> uplift, IReadOnlyList<bool> treated, double k)
    {
        Check(outcome, uplift, treated);
        if (k is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be in (0, 1].");
        var top = (int)(outcome.Count * k);
        int nT = 0, nC = 0, yT = 0, yC = 0;
        foreach (var i in Descending(uplift).Take(top))
        {
            if (treated[i]) { nT++; yT += outcome[i] ? 1 : 0; }
            else { nC++; yC += outcome[i] ? 1 : 0; }
        }
        return (nT == 0 ? double.NaN : yT / (double)nT) - (nC == 0 ? double.NaN : yC / (double)nC);
    }

    /// <summary>
    /// The noise-free counterpart of "Qini ÷ the oracle's Qini", where the true uplift is known (generator data):
    /// rows ordered by <paramref name="score"/>, the area under the cumulative <em>true</em> uplift above the straight
    /// line to its end, relative to the same area with the rows ordered by the true uplift itself. Realised outcomes
    /// do not enter, so it measures the ordering alone; the realised Qini ratio scatters around it with the outcome
    /// noise of the rows it is measured on.
    /// </summary>
    public static double ExpectedQiniRatio(IReadOnlyList<double> trueUplift, IReadOnlyList<double> score)
    {
        ArgumentNullException.ThrowIfNull(trueUplift);
        ArgumentNullException.ThrowIfNull(score);
        if (trueUplift.Count != score.Count || score.Count == 0)
            throw new ArgumentException($"true uplift ({trueUplift.Count}) and score ({score.Count}) must be equally many and not empty.");
        return Normalised(TruthCurve(trueUplift, score), TruthCurve(trueUplift, trueUplift));
    }

    /// <summary>Cumulative true uplift over the rows in descending score order, one point per distinct score (as <see cref="Curve"/>).</summary>
    private static (double[] X, double[] Y) TruthCurve(IReadOnlyList<double> truth, IReadOnlyList<double> score)
    {
        var order = Descending(score).ToArray();
        var xs = new List<double> { 0 };
        var ys = new List<double> { 0 };
        double sum = 0;
        for (var j = 0; j < order.Length; j++)
        {
            sum += truth[order[j]];
            if (j + 1 < order.Length && score[order[j + 1]] == score[order[j]])
                continue;
            xs.Add(j + 1.0);
            ys.Add(sum);
        }
        return ([.. xs], [.. ys]);
    }

    /// <summary>Trapezoidal area under a curve.</summary>
    public static double Area(double[] x, double[] y)
    {
        double area = 0;
        for (var i = 1; i < x.Length; i++)
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        return area;
    }

    private static double Normalised((double[] X, double[] Y) actual, (double[] X, double[] Y) perfect)
    {
        var baseline = Area([0, perfect.X[^1]], [0, perfect.Y[^1]]);
        return (Area(actual.X, actual.Y) - baseline) / (Area(perfect.X, perfect.Y) - baseline);
    }

    /// <summary>Row order of numpy's <c>argsort(kind="mergesort")[::-1]</c>: descending, ties in reverse row order.</summary>
    private static IEnumerable<int> Descending(IReadOnlyList<double> scores) =>
        Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ThenBy(i => i).Reverse();

    private static (double[] X, double[] Y) Curve(IReadOnlyList<bool> outcome, IReadOnlyList<double> uplift, IReadOnlyList<bool> treated,
        Func<double, double, double, double, double, double> value)
    {
        Check(outcome, uplift, treated);
        var order = Descending(uplift).ToArray();
        var xs = new List<double> { 0 };
        var ys = new List<double> { 0 };
        double nT = 0, yT = 0, yC = 0;
        for (var j = 0; j < order.Length; j++)
        {
            var i = order[j];
            if (treated[i]) { nT++; yT += outcome[i] ? 1 : 0; }
            else yC += outcome[i] ? 1 : 0;
            // One point per distinct score: at the last row of each run of ties.
            if (j + 1 < order.Length && uplift[order[j + 1]] == uplift[i])
                continue;
            var n = j + 1.0;
            xs.Add(n);
            ys.Add(value(yT, yC, nT, n - nT, n));
        }
        return ([.. xs], [.. ys]);
    }

    private static void Check(IReadOnlyList<bool> outcome, IReadOnlyList<double> uplift, IReadOnlyList<bool> treated)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(uplift);
        ArgumentNullException.ThrowIfNull(treated);
        if (outcome.Count != uplift.Count || outcome.Count != treated.Count || outcome.Count == 0)
            throw new ArgumentException($"outcome ({outcome.Count}), uplift ({uplift.Count}) and treatment ({treated.Count}) must be equally many and not empty.");
    }
}
