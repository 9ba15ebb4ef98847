using ActionPlane.Engine.Domain;

namespace ActionPlane.Engine.Features;

/// <summary>
/// How far a daily usage signal has faded over the last <see cref="RecentDays"/> days against the
/// <see cref="BaselineDays"/> days before them: the least-squares fit of a linear fade that starts at
/// the account's own baseline 30 days ago, read off at the snapshot day (0 = steady, 1 = fallen to
/// nothing, negative = growing). Window ratios such as 7-day vs 30-day use only part of the days
/// and compare two noisy counts; the fit uses every recent day against a baseline three times as long.
/// </summary>
internal static class UsageFade
{
    public const int RecentDays = 30;
    public const int BaselineDays = 90;

    // Counts are integers, so even a flat baseline does not make a recent day exact: no day type's
    // variance is taken below this (a standard deviation of half a count).
    private const double MinimumVariance = 0.25;

    /// <summary>
    /// The fitted fade of <paramref name="value"/>; missing when the baseline shows no activity or the
    /// recent window has no day to fit (an account without history is not "steady").
    /// </summary>
    /// <param name="byDay">One entry per day before the snapshot (index 0 = the day before); days without a row count as zero.</param>
    /// <param name="weekend">Per entry: whether that day is a weekend day, which has its own baseline (weekend use is a fraction of weekday use).</param>
    public static double? Fit(UsageDay?[] byDay, bool[] weekend, Func<UsageDay, int> value)
    {
        // Baseline level and day-to-day scatter, weekdays [0] and weekend days [1] apart.
        Span<double> sum = stackalloc double[2], squares = stackalloc double[2], level = stackalloc double[2], variance = stackalloc double[2];
        Span<int> days = stackalloc int[2];
        for (var i = RecentDays; i < RecentDays + BaselineDays && i < byDay.Length; i++)
        {
            var v = byDay[i] is { } day ? value(day) : 0;
            var type = weekend[i] ? 1 : 0;
            sum[type] += v;
            squares[type] += (double)v * v;
            days[type]++;
        }
        for (var type = 0; type < 2; type++)
        {
            level[type] = days[type] == 0 ? 0 : sum[type] / days[type];
            var scatter = days[type] < 2 ? 0 : (squares[type] - days[type] * level[type] * level[type]) / (days[type] - 1);
            variance[type] = Math.Max(scatter, MinimumVariance);
        }

        // Model: value = base · (1 − k · ramp), ramp rising from 0 thirty days ago to ~1 at the snapshot.
        // Each day weighs by how precisely the account's own baseline scatter says it is measured (a
        // 300-seat account's seat count moves by one or two a day, a 5-seat account's active users by
        // half their number), so k = Σ ramp·base·(base − value)/var / Σ (ramp·base)²/var.
        double numerator = 0, denominator = 0;
        for (var i = 0; i < RecentDays && i < byDay.Length; i++)
        {
            var type = weekend[i] ? 1 : 0;
            var baseline = level[type];
            if (baseline <= 0)
                continue;
            var ramp = (RecentDays - 1 - i) / (double)RecentDays;
            var v = byDay[i] is { } day ? value(day) : 0;
            numerator += ramp * baseline * (baseline - v) / variance[type];
            denominator += ramp * ramp * baseline * baseline / variance[type];
        }
        return denominator <= 0 ? null : numerator / denominator;
    }
}
