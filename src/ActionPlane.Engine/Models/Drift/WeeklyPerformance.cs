using System.Globalization;

namespace ActionPlane.Engine.Models.Drift;

/// <summary>A churn probability a proposal carried, when it was scored (the proposal's time) and what happened: churned or stayed.</summary>
public readonly record struct LabelledPrediction(DateTimeOffset ScoredAt, double Probability, bool Churned);

/// <summary>
/// How well a churn version did on the decisions of one ISO week (the week the proposals were scored,
/// UTC): how many accounts proposed for that week have a churn-relevant outcome, how many of those churned, and the model's
/// discrimination (ROC-AUC, PR-AUC) and calibration (ECE, mean predicted vs observed rate) on them.
/// The metrics are null below <see cref="MinLabelled"/> outcomes, and the AUCs also when the week has
/// one class only: an AUC over a handful of accounts swings too far to be read.
/// </summary>
/// <param name="Week">ISO week, e.g. <c>2026-W48</c>.</param>
/// <param name="WeekStart">The Monday the week starts on.</param>
public sealed record WeeklyPerformance(
    string Week,
    DateOnly WeekStart,
    int Labelled,
    int Churners,
    double? RocAuc,
    double? PrAuc,
    double? Ece,
    double? MeanPredicted,
    double? ObservedRate)
{
    /// <summary>Outcomes a week (or the pooled recent weeks) needs before its metrics are computed.</summary>
    public const int MinLabelled = 20;

    /// <summary>One row per ISO week from the first to the last labelled prediction, weeks without one included (so a chart's x-axis is time).</summary>
    public static IReadOnlyList<WeeklyPerformance> Of(IReadOnlyList<LabelledPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Count == 0)
            return [];
        var byWeek = predictions.ToLookup(p => WeekStartOf(p.ScoredAt));
        var first = byWeek.Min(g => g.Key);
        var last = byWeek.Max(g => g.Key);
        var weeks = new List<WeeklyPerformance>();
        for (var start = first; start <= last; start = start.AddDays(7))
            weeks.Add(Measure(start, [.. byWeek[start]]));
        return weeks;
    }

    /// <summary>The Monday (UTC) of the ISO week <paramref name="at"/> falls in.</summary>
    public static DateOnly WeekStartOf(DateTimeOffset at)
    {
        var day = at.UtcDateTime.Date;
        return DateOnly.FromDateTime(ISOWeek.ToDateTime(ISOWeek.GetYear(day), ISOWeek.GetWeekOfYear(day), DayOfWeek.Monday));
    }

    /// <summary>The ISO week <paramref name="day"/> falls in, e.g. <c>2026-W48</c>.</summary>
    public static string NameOf(DateOnly day)
    {
        var d = day.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(d)}-W{ISOWeek.GetWeekOfYear(d):00}");
    }

    private static WeeklyPerformance Measure(DateOnly start, IReadOnlyList<LabelledPrediction> week)
    {
        var m = Metrics.Of(week);
        return new WeeklyPerformance(NameOf(start), start, week.Count, m.Churners, m.RocAuc, m.PrAuc, m.Ece, m.MeanPredicted, m.ObservedRate);
    }

    /// <summary>The metrics of a set of labelled predictions, null where <see cref="MinLabelled"/> or both classes are missing; shared by a week and the pooled recent weeks.</summary>
    internal readonly record struct Metrics(int Churners, double? RocAuc, double? PrAuc, double? Ece, double? MeanPredicted, double? ObservedRate)
    {
        public static Metrics Of(IReadOnlyList<LabelledPrediction> predictions)
        {
            var churners = predictions.Count(p => p.Churned);
            if (predictions.Count < MinLabelled)
                return new Metrics(churners, null, null, null, null, null);
            double[] probabilities = [.. predictions.Select(p => p.Probability)];
            bool[] labels = [.. predictions.Select(p => p.Churned)];
            var bothClasses = churners > 0 && churners < predictions.Count;
            return new Metrics(
                churners,
                bothClasses ? BinaryMetrics.RocAuc(probabilities, labels) : null,
                bothClasses ? BinaryMetrics.PrAuc(probabilities, labels) : null,
                CalibrationError.Ece(probabilities, labels),
                probabilities.Average(),
                churners / (double)predictions.Count);
        }
    }
}

/// <summary>
/// ROC-AUC pooled over the last <see cref="Weeks"/> ISO weeks of decisions up to the latest week with an
/// outcome, against the training ROC-AUC stored with the version (its held-out <c>roc_auc</c> metric).
/// </summary>
/// <param name="From">Monday of the first pooled week; null when nothing is labelled.</param>
/// <param name="Until">Monday of the latest pooled week; null when nothing is labelled.</param>
/// <param name="RocAuc">Null below <see cref="WeeklyPerformance.MinLabelled"/> outcomes or with one class.</param>
/// <param name="TrainingRocAuc">Null when the version's metrics carry none (an uplift or ranking version).</param>
public sealed record RecentAuc(int Weeks, DateOnly? From, DateOnly? Until, int Labelled, int Churners, double? RocAuc, double? TrainingRocAuc)
{
    /// <summary>K: how many weeks of decisions the recent AUC pools; one week alone is usually too few outcomes.</summary>
    public const int DefaultWeeks = 4;

    /// <summary>Training AUC minus recent AUC: positive means the model ranks churners worse than in training; null without both.</summary>
    public double? Drop => RocAuc is { } recent && TrainingRocAuc is { } training ? training - recent : null;

    public static RecentAuc Of(IReadOnlyList<LabelledPrediction> predictions, double? trainingRocAuc, int weeks = DefaultWeeks)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        if (predictions.Count == 0)
            return new RecentAuc(weeks, null, null, 0, 0, null, trainingRocAuc);
        var until = predictions.Max(p => WeeklyPerformance.WeekStartOf(p.ScoredAt));
        var from = until.AddDays(-7 * (weeks - 1));
        var pooled = predictions.Where(p => WeeklyPerformance.WeekStartOf(p.ScoredAt) >= from).ToList();
        var m = WeeklyPerformance.Metrics.Of(pooled);
        return new RecentAuc(weeks, from, until, pooled.Count, m.Churners, m.RocAuc, trainingRocAuc);
    }
}
