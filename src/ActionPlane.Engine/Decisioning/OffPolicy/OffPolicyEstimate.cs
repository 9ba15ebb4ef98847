namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>
/// An off-policy estimate of a target policy's mean reward per decision, with a 95 % confidence
/// interval from the normal approximation (mean ± 1.96 × standard error; for self-normalised IPS the
/// delta-method standard error).
/// </summary>
public sealed record OffPolicyEstimate(string Method, double Value, double StdError, double Lower, double Upper, int Count, double EffectiveSampleSize)
{
    public const double Z95 = 1.959963984540054;

    internal static OffPolicyEstimate Normal(string method, double value, double stdError, int count, double ess) =>
        new(method, value, stdError, value - Z95 * stdError, value + Z95 * stdError, count, ess);
}
