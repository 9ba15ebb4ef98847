using System.Diagnostics;
using System.Globalization;
using ActionPlane.Engine.Data.DemoHistory;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Storage;
using Marten;

namespace ActionPlane.Engine.Data;

// The demo's simulated past: replayed once, right after the tenant was generated as of its first day.
public sealed partial class DemoTenantSeeder
{
    private async Task<DemoTenantInfo> ReplayHistoryAsync(IDocumentStore store, DemoSeedOptions options, ActionPlaneEngineOptions engine, DemoTenantInfo info,
        ScoringModels models, Action<string> progress, CancellationToken cancellationToken)
    {
        var (tenant, accounts) = _generated ?? throw new InvalidOperationException("The history replays a tenant this seeder generated.");
        var end = options.AsOf ?? Today();
        var clock = Stopwatch.StartNew();
        progress($"Replaying {options.HistoryWeeks} weeks of simulated history ({info.AsOf:yyyy-MM-dd} to {end:yyyy-MM-dd}): the product decides, applies, undoes and observes outcomes as of each week…");
        var replay = new DemoHistoryReplay(store, engine, options, tenant, accounts, models, progress)
        {
            WeekDone = (done, weeks) => Steps?.Invoke(new DemoSeedStep(DemoSeedStage.Replaying, done, weeks)),
        };
        var summary = await replay.RunAsync(end, time.GetUtcNow(), cancellationToken);
        info = info with { AsOf = end, HistoryUntil = end };
        await using (var session = store.LightweightSession())
        {
            session.Store(info);
            await session.SaveChangesAsync(cancellationToken);
        }
        progress(string.Create(CultureInfo.InvariantCulture,
            $"Demo history replayed in {clock.Elapsed.TotalSeconds:F1} s: {summary.Weeks.Count} weeks, {summary.Applied} applied ({summary.AppliedUnattended} unattended), {summary.Undone} undone, {summary.ChurnedOn.Count} accounts churned, {summary.Outcomes} outcomes recorded."));
        return info;
    }
}
