namespace ActionPlane.Engine.Decisioning;

/// <summary>The parts of a candidate's expected incremental value, kept for the decision trace.</summary>
/// <param name="Uplift">Predicted retention uplift.</param>
/// <param name="StdError">Its standard error.</param>
/// <param name="AccountValue">Value of keeping the account over the horizon.</param>
/// <param name="Cost">Cost of the action.</param>
/// <param name="Penalty">λ × stderr × value, subtracted for uncertainty.</param>
/// <param name="Expected">uplift × value − cost − penalty.</param>
public sealed record ValueBreakdown(double Uplift, double StdError, decimal AccountValue, decimal Cost, decimal Penalty, decimal Expected);
