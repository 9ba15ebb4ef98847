namespace ActionPlane.Engine.Metrics;

/// <summary>
/// How one action type fared over one period (a window, or one ISO week): counts from the decision
/// records of the proposals made in that period, and the rates the autonomy policy and the
/// governance charts read. Rates are null when their denominator is zero (nothing to measure yet).
/// </summary>
public sealed record ActionMetrics
{
    public required string ActionType { get; init; }
    /// <summary>ISO week such as <c>2026-W48</c>, or null for a window.</summary>
    public string? Week { get; init; }
    /// <summary>Inclusive start of the period (a Monday 00:00 UTC for weeks).</summary>
    public DateTimeOffset From { get; init; }
    /// <summary>Exclusive end of the period.</summary>
    public DateTimeOffset To { get; init; }

    public int Proposed { get; init; }
    /// <summary>Proposals the gate allowed at <c>propose</c>.</summary>
    public int Allowed { get; init; }
    /// <summary>Proposals the gate denied at <c>propose</c>.</summary>
    public int Denied { get; init; }
    public int Applied { get; init; }
    /// <summary>Applied actions that were later undone.</summary>
    public int Undone { get; init; }
    /// <summary>Apply attempts that the gate allowed but the executor failed.</summary>
    public int ApplyFailures { get; init; }
    /// <summary>Proposals an approver approved.</summary>
    public int Approvals { get; init; }
    /// <summary>Recorded cost of the applied actions that stayed in effect (undone ones were compensated).</summary>
    public decimal Cost { get; init; }
    /// <summary>Applied actions whose observed outcome is a success (retained, feature adopted, converted).</summary>
    public int SuccessfulOutcomes { get; init; }

    /// <summary>Applied ÷ allowed: how often an allowed suggestion was acted on.</summary>
    public double? AcceptanceRate => Ratio(Applied, Allowed);
    /// <summary>Undone ÷ applied.</summary>
    public double? ReversalRate => Ratio(Undone, Applied);
    /// <summary>Failed ÷ attempted (applied + failed).</summary>
    public double? ErrorRate => Ratio(ApplyFailures, Applied + ApplyFailures);
    /// <summary>Cost ÷ successful outcomes; null until something succeeded.</summary>
    public decimal? CostPerSuccessfulAction => SuccessfulOutcomes == 0 ? null : Math.Round(Cost / SuccessfulOutcomes, 2);

    private static double? Ratio(int numerator, int denominator) => denominator == 0 ? null : (double)numerator / denominator;
}
