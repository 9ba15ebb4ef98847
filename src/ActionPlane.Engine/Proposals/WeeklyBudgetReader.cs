using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Lifecycle;
using Marten;

namespace ActionPlane.Engine.Proposals;

/// <summary>
/// The tenant's <see cref="BudgetState"/> this ISO week, from the event store: the cost of every
/// action applied since Monday 00:00 UTC that is still in effect (an undone action was compensated,
/// so it no longer counts).
/// </summary>
public static class WeeklyBudgetReader
{
    public static async Task<BudgetState> ReadAsync(IQuerySession session, DateTimeOffset now, decimal? weeklyBudget, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // No budget: nothing to enforce, and no query on the proposal path.
        if (weeklyBudget is null)
            return BudgetState.Unlimited(today);
        var weekStart = new DateTimeOffset(WeekStart(today).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var applied = await session.Query<ActionLifecycle>()
            .Where(p => p.Status == ActionStatus.Applied && p.AppliedAt >= weekStart)
            .ToListAsync(cancellationToken);
        return BudgetState.ForWeek(today, weeklyBudget, null) with { Spent = applied.Sum(p => p.Scores.Cost), ActionsApplied = applied.Count };
    }

    /// <summary>The Monday that starts the ISO week of <paramref name="day"/>.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
