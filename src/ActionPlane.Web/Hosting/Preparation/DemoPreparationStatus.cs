using System.Globalization;

namespace ActionPlane.Web.Hosting.Preparation;

/// <summary>
/// How far the demo preparation is, as <c>GET /api/demo/status</c> returns it and the preparing page shows it: no tenant
/// data, only the stage, the history week, times and the error. Texts are made here once, for the page and its script.
/// </summary>
/// <param name="State"><c>preparing</c>, <c>ready</c> or <c>failed</c>.</param>
/// <param name="Phase"><c>starting</c>, <c>generating</c>, <c>training</c>, <c>replaying</c>, <c>scoring</c>, <c>ready</c> or <c>failed</c>.</param>
/// <param name="Percent">A rough share of the whole first start (the replay weighs most: it is most of the time).</param>
/// <param name="SecondsLeft">From the history weeks replayed so far; null until one is done.</param>
public sealed record DemoPreparationStatus(
    string State,
    string Phase,
    string Description,
    int Week,
    int Weeks,
    int Percent,
    DateTimeOffset? StartedAt,
    double ElapsedSeconds,
    string Elapsed,
    double? SecondsLeft,
    string? TimeLeft,
    string? Error)
{
    public const string Preparing = "preparing", Ready = "ready", Failed = "failed";

    /// <summary>"2 min 05 s", "40 s".</summary>
    public static string Duration(double seconds)
    {
        var whole = (int)Math.Max(0, Math.Round(seconds));
        return whole < 60
            ? string.Create(CultureInfo.InvariantCulture, $"{whole} s")
            : string.Create(CultureInfo.InvariantCulture, $"{whole / 60} min {whole % 60:00} s");
    }
}
