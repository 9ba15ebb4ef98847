namespace ActionPlane.Engine.Models.Drift;

/// <summary>
/// Population stability index: Σ (actual − expected) · ln(actual / expected) over bins. Common reading:
/// below 0.1 stable, 0.1–0.25 moderate shift, above 0.25 significant shift.
/// </summary>
public static class Psi
{
    public const double ModerateFrom = 0.1;
    public const double SignificantFrom = 0.25;

    // An empty bin would make the log infinite; a tiny floor keeps one empty bin from dominating.
    private const double Floor = 1e-4;

    public static double Compute(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Count != actual.Count)
            throw new ArgumentException($"expected ({expected.Count}) and actual ({actual.Count}) must have the same bins.", nameof(actual));
        double psi = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            var e = Math.Max(expected[i], Floor);
            var a = Math.Max(actual[i], Floor);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }

    /// <summary><c>stable</c>, <c>moderate</c> or <c>significant</c>.</summary>
    public static string Band(double psi) => psi >= SignificantFrom ? "significant" : psi >= ModerateFrom ? "moderate" : "stable";
}
