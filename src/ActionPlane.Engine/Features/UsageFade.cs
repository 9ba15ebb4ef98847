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

    /// <summary>
    /// The fitted fade of <paramref name="value"/>; missing when the baseline shows no activity or the
    /// recent window has no day to fit (an account without history is not "steady").
    /// </summary>
    /// <param name="byDay">One entry per day before the snapshot (index 0 = the day before); days without a row count as zero.</param>
    /// <param name="weekend">Per entry: whether that day is a weekend day, which has its own baseline (weekend use is a fraction of weekday use).</param>
    public static double? Fit(UsageDay?[] byDay, bool[] weekend, Func<UsageDay, int> value)
    {
        double weekdaySum = 0, weekendSum = 0;
        int weekdays = 0, weekends = 0;
        for (var i = RecentDays; i < RecentDays + BaselineDays && i < byDay.Length; i++)
        {
            var v = byDay[i] is { } day ? value(day) : 0;
            if (weekend[i]) { weekendSum += v; weekends++; }
            else { weekdaySum += v; weekdays++; }
        }
        var weekdayBase = weekdays == 0 ? 0 : weekdaySum / weekdays;
        var weekendBase = weekends == 0 ? 0 : weekendSum / weekends;

        // Model: value = base · (1 − k · ramp), ramp rising from 0 thirty days ago to ~1 at the snapshot.
        // Weighted least squares with weight = base (quiet weekend days count less): k = Σ ramp·(base − value) / Σ base·ramp².
        double numerator = 0, denominator = 0;
        for (var i = 0; i < RecentDays && i < byDay.Length; i++)
        {
            var baseline = weekend[i] ? weekendBase : weekdayBase;
            if (baseline <= 0)
                continue;
            var ramp = (RecentDays - 1 - i) / (double)RecentDays;
            var v = byDay[i] is { } day ? value(day) : 0;
            numerator += ramp * (baseline - v);
            denominator += baseline * ramp * ramp;
        }
        return denominator <= 0 ? null : numerator / denominator;
    }
}
