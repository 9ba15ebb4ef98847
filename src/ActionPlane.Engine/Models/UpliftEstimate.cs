namespace ActionPlane.Engine.Models;

/// <summary>
/// An action's predicted effect on one account: <see cref="Uplift"/> is the predicted increase in
/// the probability of retaining the account if the action is applied (negative = the action is
/// expected to harm), <see cref="StdError"/> the standard deviation of that prediction across the
/// uplift model's bootstrap ensemble (each member fitted on a resample of the training rows), so a
/// small uplift with a large error is not to be trusted.
/// </summary>
public sealed record UpliftEstimate(double Uplift, double StdError);
