namespace ActionPlane.Engine.Tabular;

/// <summary>The log-odds of a probability, clamped away from 0 and 1 so that a certain outcome stays finite.</summary>
internal static class LogOdds
{
    public static double Of(double p, double floor = 1e-6)
    {
        var q = Math.Clamp(p, floor, 1 - floor);
        return Math.Log(q / (1 - q));
    }
}
