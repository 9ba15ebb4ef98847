namespace ActionPlane.Engine.Uplift;

/// <summary>
/// The uplift metrics <c>train uplift</c> reports, from one set of scored rows: normalised Qini, normalised
/// uplift AUC and uplift@30 %. One place, so the single split and the cross-fit are measured the same way.
/// </summary>
public sealed record UpliftScores(double QiniAuc, double UpliftAuc, double UpliftAt30)
{
    public static UpliftScores Of(IReadOnlyList<bool> outcome, IReadOnlyList<double> uplift, IReadOnlyList<bool> treated) =>
        new(UpliftMetrics.QiniAuc(outcome, uplift, treated), UpliftMetrics.UpliftAuc(outcome, uplift, treated), UpliftMetrics.UpliftAtK(outcome, uplift, treated, 0.3));
}
