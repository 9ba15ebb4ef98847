namespace ActionPlane.Web.Features.Shared;

/// <summary>
/// Shares and rates (0–1) as chart values in percent, one decimal: MudChart's y-axis ticks are whole numbers
/// (spacing 20 by default), so a 0–1 series lies flat along the bottom line.
/// </summary>
public static class ChartPercent
{
    public static double Of(double share) => Math.Round(share * 100, 1);
}
