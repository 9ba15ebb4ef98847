namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>
/// An <see cref="OffPolicyEstimate"/> as reports show it, rounded; null parts where the estimate is
/// undefined (SNIPS when no logged choice agrees with the strategy), since JSON has no NaN.
/// </summary>
public sealed record OffPolicyFigure(double? Value, double? StdError, double? Lower, double? Upper, int Count, double EffectiveSampleSize)
{
    public static OffPolicyFigure Of(OffPolicyEstimate e)
    {
        ArgumentNullException.ThrowIfNull(e);
        static double? R(double x) => double.IsFinite(x) ? Math.Round(x, 5) : null;
        return new(R(e.Value), R(e.StdError), R(e.Lower), R(e.Upper), e.Count, double.IsFinite(e.EffectiveSampleSize) ? Math.Round(e.EffectiveSampleSize, 1) : 0);
    }
}
