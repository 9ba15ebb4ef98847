using System.Globalization;

namespace ActionPlane.Engine.Decisioning;

/// <summary>
/// A tenant's weekly budget as of one ISO week: money spent against a money budget and actions
/// applied against an action budget (either may be unlimited). When a chosen action does not fit,
/// it degrades to suggest-only: shown to a person, never auto-applied.
/// </summary>
public sealed record BudgetState(string IsoWeek, decimal? MoneyBudget, decimal Spent, int? ActionBudget, int ActionsApplied)
{
    /// <summary>An empty budget for the ISO week containing <paramref name="day"/>.</summary>
    public static BudgetState ForWeek(DateOnly day, decimal? moneyBudget, int? actionBudget)
    {
        if (moneyBudget < 0)
            throw new ArgumentOutOfRangeException(nameof(moneyBudget), moneyBudget, "moneyBudget must be ≥ 0.");
        if (actionBudget < 0)
            throw new ArgumentOutOfRangeException(nameof(actionBudget), actionBudget, "actionBudget must be ≥ 0.");
        return new(WeekOf(day), moneyBudget, 0, actionBudget, 0);
    }

    /// <summary>No limits (a tenant without a budget).</summary>
    public static BudgetState Unlimited(DateOnly day) => new(WeekOf(day), null, 0, null, 0);

    /// <summary>"2026-W48": the ISO week of a day.</summary>
    public static string WeekOf(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):D2}");
    }

    public bool Exhausted => Spent >= MoneyBudget || ActionsApplied >= ActionBudget;

    /// <summary>True when one more action costing <paramref name="cost"/> stays within both budgets.</summary>
    public bool CanAfford(decimal cost) =>
        (MoneyBudget is not { } money || Spent + cost <= money) && (ActionBudget is not { } actions || ActionsApplied + 1 <= actions);

    /// <summary>The state after applying one action costing <paramref name="cost"/>.</summary>
    public BudgetState Spend(decimal cost) => this with { Spent = Spent + cost, ActionsApplied = ActionsApplied + 1 };
}
