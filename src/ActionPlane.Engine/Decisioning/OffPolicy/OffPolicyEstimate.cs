namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>
/// An off-policy estimate of a target policy's mean reward per decision, with a 95 % confidence
/// interval from the normal approximation (mean ± 1.96 × standard error; for self-normalised IPS the
/// delta-method standard error).
/// </summary>
public sealed record OffPolicyEstimate(string Method, double Value, double StdError, double Lower, double Upper, int Count, double EffectiveSampleSize)
{
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// <paramref name="a"/> − <paramref name="b"/> (e.g. a strategy's DR value less doing nothing's) with a
    /// conservative interval that adds the two variances: per-decision differences would be tighter, but
    /// the two estimates are then no longer reported on their own terms. Count and ESS are <paramref name="a"/>'s.
    /// </summary>
    public static OffPolicyEstimate Difference(string method, OffPolicyEstimate a, OffPolicyEstimate b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var se = Math.Sqrt(a.StdError * a.StdError + b.StdError * b.StdError);
        return Normal(method, a.Value - b.Value, se, a.Count, a.EffectiveSampleSize);
    }

    internal static OffPolicyEstimate Normal(string method, double value, double stdError, int count, double ess) =>
        new(method, value, stdError, value - Z95 * stdError, value + Z95 * stdError, count, ess);
}
