namespace ActionPlane.Engine.Governance;

/// <summary>
/// Exposure (who received actions) and benefit (what they got) by plan, region and ARR band over a
/// window, with a disparity ratio per group against the best-served group of its dimension.
/// </summary>
public sealed record ParityReport(DateTimeOffset From, DateTimeOffset To, double Threshold, int MinAccounts, IReadOnlyList<ParityDimension> Dimensions);

/// <summary>One way of slicing accounts (plan, region, arr_band) and its groups.</summary>
public sealed record ParityDimension(string Name, IReadOnlyList<ParityGroup> Groups);

/// <summary>
/// One group's exposure and benefit. Ratios are the group's rate divided by the highest rate in
/// its dimension (1 for the best-served group; null when no group got anything). A group is
/// flagged when either ratio falls below the report's threshold (the four-fifths rule by default)
/// and it has enough accounts for the rate to mean something.
/// </summary>
public sealed record ParityGroup(
    string Value, int Accounts, int Users, int AccountsReached, int UsersReached, int AppliedActions, int Discounts, int RetainedOutcomes)
{
    /// <summary>Share of the group's accounts that received at least one applied action.</summary>
    public double AccountExposure => Accounts == 0 ? 0 : (double)AccountsReached / Accounts;
    /// <summary>Share of the group's end users targeted by at least one applied action.</summary>
    public double UserExposure => Users == 0 ? 0 : (double)UsersReached / Users;
    /// <summary>Applied actions still in effect per account.</summary>
    public double BenefitPerAccount => Accounts == 0 ? 0 : (double)AppliedActions / Accounts;
    public double? ExposureRatio { get; init; }
    public double? BenefitRatio { get; init; }
    public bool Flagged { get; init; }
    /// <summary>Too few accounts for a rate to be read as disparity.</summary>
    public bool TooFew { get; init; }
}
