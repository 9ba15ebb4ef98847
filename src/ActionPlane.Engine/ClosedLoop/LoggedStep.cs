namespace ActionPlane.Engine.ClosedLoop;

/// <summary>
/// One logged decision about one account in one week — what the product would record as a proposal
/// with its arm and propensity, and later its <c>OutcomeObserved</c>: the features it was made on,
/// the action applied (null = none), the logging policy's propensities, and whether the account was
/// retained over the following <see cref="SimulatedWorld.EffectDays"/> days.
/// </summary>
public sealed class LoggedStep
{
    public required int Week { get; init; }
    public required int Day { get; init; }
    public required int AccountIndex { get; init; }
    public required float[] Features { get; init; }
    /// <summary>The churn model's probability at decision time (the baseline of the OPE reward model).</summary>
    public required double ChurnProbability { get; init; }
    public required decimal AccountValue { get; init; }
    /// <summary>Candidate actions available to the account, with their cost.</summary>
    public required IReadOnlyDictionary<string, decimal> CandidateCosts { get; init; }
    public string? Action { get; set; }
    public Decisioning.Arm Arm { get; set; }
    /// <summary>True when the action (or none) came from a uniform random draw with the propensities below.</summary>
    public bool Randomized { get; set; }
    /// <summary>Propensity of each action the random draw could pick (0 when not randomised).</summary>
    public double ActionPropensity { get; set; }
    /// <summary>Propensity of "no action" under the random draw.</summary>
    public double NonePropensity { get; set; }
    public bool? Retained { get; set; }
    /// <summary>nba only: the uplift its model predicted for the applied action (before calibration), null when none was predicted.</summary>
    public double? PredictedUplift { get; set; }
    /// <summary>nba only: the churn risk the applied action started from (the churn model's, less nba's own actions in force).</summary>
    public double BaselineChurn { get; set; }
    /// <summary>The day the outcome became known: churn, or the end of the 90-day window.</summary>
    public int? OutcomeDay { get; set; }

    /// <summary>The logged propensity of what was actually done.</summary>
    public double Propensity => Action is null ? NonePropensity : ActionPropensity;
}
