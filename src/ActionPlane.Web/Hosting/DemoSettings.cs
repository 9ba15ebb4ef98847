using ActionPlane.Engine.Data;

namespace ActionPlane.Web.Hosting;

/// <summary>
/// Reads <c>ActionPlane:Demo:*</c> beyond <c>Enabled</c>: Accounts (the demo tenant's size) and HistoryWeeks (weeks of
/// simulated past replayed on the first start; 0 turns the history off). Unset keys keep the defaults below; a bad value
/// stops the start naming the key.
/// </summary>
public static class DemoSettings
{
    /// <summary>
    /// The demo's default history: the shortest that leaves outcomes (the first two weeks' 90-day horizons end by today).
    /// Each replayed week costs one full weekly decision run, so longer histories cost the first start about as many runs
    /// (docs/benchmarks.md, "Demo history").
    /// </summary>
    public const int DefaultHistoryWeeks = 14;

    public static DemoSeedOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("ActionPlane:Demo");
        var d = new DemoSeedOptions();
        return d with
        {
            Accounts = (int)DecisioningSettings.Number(section, "Accounts", d.Accounts, 10, 100_000, integer: true),
            HistoryWeeks = (int)DecisioningSettings.Number(section, "HistoryWeeks", DefaultHistoryWeeks, 0, 104, integer: true),
            CsmAppliesPerWeek = (int)DecisioningSettings.Number(section, "CsmAppliesPerWeek", d.CsmAppliesPerWeek, 0, 100_000, integer: true),
        };
    }
}
