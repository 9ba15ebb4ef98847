namespace ActionPlane.Engine.Models;

/// <summary>
/// The churn decision threshold, chosen on held-out probabilities and their 0/1 labels either by the
/// cost of the two errors (a false positive acts on an account that would have stayed, a false
/// negative misses a churner) or by a precision floor. Carries the chosen point, what flagging nobody
/// and everyone would cost, and the precision–recall curve (at most 101 points, the chosen one among
/// them) for display.
/// </summary>
/// <param name="CostFalsePositive">Set when chosen by cost, with <paramref name="CostFalseNegative"/>.</param>
/// <param name="MinPrecision">Set when chosen by a precision floor.</param>
/// <param name="Cost">Total cost over the rows at the chosen threshold (by cost only).</param>
public sealed record ThresholdChoice(
    double? CostFalsePositive, double? CostFalseNegative, double? MinPrecision,
    OperatingPoint Chosen, double? Cost, double? CostFlagNobody, double? CostFlagEveryone,
    IReadOnlyList<OperatingPoint> Curve, int Rows, int Positives)
{
    /// <summary>Most points kept in <see cref="Curve"/>: one per percent of recall plus the chosen one.</summary>
    public const int MaxCurvePoints = 101;

    /// <summary>What chose the threshold, in words, for tables and model cards.</summary>
    public string Rule => MinPrecision is { } floor
        ? $"lowest threshold with precision >= {floor.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}"
        : $"least total cost, false positive {CostFalsePositive!.Value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}, false negative {CostFalseNegative!.Value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Adds the registry metrics of a model with this threshold: <c>threshold</c>, <c>threshold_recall</c> and (when it flags anyone) <c>threshold_precision</c>.</summary>
    public void AddMetricsTo(IDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        metrics["threshold"] = Chosen.Threshold;
        metrics["threshold_recall"] = Chosen.Recall;
        if (Chosen.Precision is { } precision)
            metrics["threshold_precision"] = precision;
    }

    /// <summary>The model card's line saying which rule chose the threshold, on which probabilities (<paramref name="chosenOn"/>, e.g. "the 5-fold out-of-fold probabilities").</summary>
    public string CardLine(string chosenOn) =>
        $"- Decision threshold {Text(Chosen.Threshold)} (flag churn probability >= it), chosen on {chosenOn} by {Rule}: "
        + $"precision {(Chosen.Precision is { } p ? Text(p) : "n/a")}, recall {Text(Chosen.Recall)}, {Text(Chosen.FlaggedShare * 100)} % of accounts flagged"
        + (Cost is { } cost ? $"; total cost {Text(cost)} vs {Text(CostFlagNobody!.Value)} flagging nobody and {Text(CostFlagEveryone!.Value)} flagging everyone." : ".");

    private static string Text(double value) => Math.Round(value, 4).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The threshold with the least total cost <c>FP·costFalsePositive + FN·costFalseNegative</c>;
    /// among equal costs the higher threshold (fewer accounts acted on). Flagging nobody is a candidate.
    /// </summary>
    public static ThresholdChoice ByCost(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, double costFalsePositive, double costFalseNegative)
    {
        if (!(double.IsFinite(costFalsePositive) && costFalsePositive > 0))
            throw new ArgumentException($"The cost of a false positive must be a positive number; got {costFalsePositive}.", nameof(costFalsePositive));
        if (!(double.IsFinite(costFalseNegative) && costFalseNegative > 0))
            throw new ArgumentException($"The cost of a false negative must be a positive number; got {costFalseNegative}.", nameof(costFalseNegative));
        var steps = Steps(probabilities, labels);
        var positives = steps[^1].TruePositives;
        double CostOf(Step s) => (s.Flagged - s.TruePositives) * costFalsePositive + (positives - s.TruePositives) * costFalseNegative;

        // Steps run from the highest threshold down, so a strict improvement keeps the higher threshold on a tie.
        // The tolerance keeps sums of the same counts in another order from breaking a tie by rounding.
        var tolerance = 1e-9 * (costFalsePositive + costFalseNegative);
        var best = steps[0];
        foreach (var step in steps)
            if (CostOf(step) < CostOf(best) - tolerance)
                best = step;
        return Build(steps, best, costFalsePositive, costFalseNegative, null, CostOf(best), CostOf(steps[0]), CostOf(steps[^1]));
    }

    /// <summary>The lowest threshold whose precision is at least <paramref name="minPrecision"/>: the most recall at that precision.</summary>
    public static ThresholdChoice ByMinPrecision(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, double minPrecision)
    {
        if (!(minPrecision is > 0 and < 1))
            throw new ArgumentException($"--min-precision must be between 0 and 1 (exclusive); got {minPrecision}.", nameof(minPrecision));
        var steps = Steps(probabilities, labels);
        var reaching = steps.Skip(1).LastOrDefault(s => s.Precision >= minPrecision);
        if (reaching is null)
        {
            var top = steps.Skip(1).MaxBy(s => s.Precision)!;
            throw new ArgumentException(
                $"--min-precision {minPrecision}: no threshold reaches that precision; the highest is {top.Precision:0.####} (threshold {top.Threshold:0.####}, {top.Flagged} flagged).");
        }
        return Build(steps, reaching, null, null, minPrecision, null, null, null);
    }

    /// <summary>
    /// Counts at every distinct threshold, highest first: element 0 flags nobody, then each distinct
    /// probability in descending order flags every row at or above it; the last flags everyone.
    /// </summary>
    private static List<Step> Steps(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        if (probabilities.Count != labels.Count || probabilities.Count == 0)
            throw new ArgumentException($"probabilities ({probabilities.Count}) and labels ({labels.Count}) must be equally many and not empty.", nameof(labels));
        if (probabilities.Any(p => !double.IsFinite(p)))
            throw new ArgumentException("Every probability must be a finite number.", nameof(probabilities));
        var positives = labels.Count(l => l);
        if (positives == 0 || positives == labels.Count)
            throw new ArgumentException("Choosing a threshold needs both classes among the labels.", nameof(labels));

        var order = Enumerable.Range(0, probabilities.Count).OrderByDescending(i => probabilities[i]).ToArray();
        var max = probabilities[order[0]];
        // Above every probability: 1 unless a probability is exactly 1.
        var steps = new List<Step> { new(max < 1 ? 1 : Math.BitIncrement(max), 0, 0, positives, probabilities.Count) };
        int flagged = 0, truePositives = 0;
        for (var start = 0; start < order.Length;)
        {
            // Tied probabilities are one threshold: a cut cannot split them.
            var threshold = probabilities[order[start]];
            while (start < order.Length && probabilities[order[start]] == threshold)
            {
                flagged++;
                truePositives += labels[order[start]] ? 1 : 0;
                start++;
            }
            steps.Add(new Step(threshold, flagged, truePositives, positives, probabilities.Count));
        }
        return steps;
    }

    private static ThresholdChoice Build(List<Step> steps, Step chosen, double? costFp, double? costFn, double? minPrecision, double? cost, double? nobody, double? everyone)
    {
        // One point per percent of recall (the highest threshold reaching it), plus the chosen point, ascending recall.
        var kept = new List<Step>();
        foreach (var level in Enumerable.Range(1, MaxCurvePoints - 1))
        {
            var step = steps.First(s => s.TruePositives * (MaxCurvePoints - 1) >= level * (long)s.Positives);
            if (!kept.Contains(step))
                kept.Add(step);
        }
        if (!kept.Contains(chosen))
            kept.Add(chosen);
        var curve = kept.OrderByDescending(s => s.Threshold).Select(s => s.Point).ToList();
        return new ThresholdChoice(costFp, costFn, minPrecision, chosen.Point, cost, nobody, everyone, curve, chosen.Rows, chosen.Positives);
    }

    private sealed record Step(double Threshold, int Flagged, int TruePositives, int Positives, int Rows)
    {
        public double? Precision => Flagged == 0 ? null : TruePositives / (double)Flagged;

        public double Recall => TruePositives / (double)Positives;

        public OperatingPoint Point => new(Threshold, Precision, Recall,
            TruePositives == 0 ? 0 : 2.0 * TruePositives / (Flagged + Positives), Flagged / (double)Rows);
    }
}
