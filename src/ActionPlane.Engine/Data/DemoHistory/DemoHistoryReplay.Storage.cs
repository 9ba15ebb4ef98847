using ActionPlane.Engine.ClosedLoop;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Outcomes;
using Marten;
using Weasel.Core;

namespace ActionPlane.Engine.Data.DemoHistory;

// What the world did since the last flush, written where the product reads it.
public sealed partial class DemoHistoryReplay
{
    private const int BatchSize = 2000;

    /// <summary>
    /// Writes the signals of the days before <paramref name="until"/> not written yet, the accounts whose renewal rolled
    /// over or that churned, and every account's truth with the days the world has lived (for the outcome observer).
    /// </summary>
    private async Task FlushAsync(DateOnly until, CancellationToken cancellationToken)
    {
        var from = _flushedTo;
        var usage = new List<UsageDay>();
        var tickets = new List<SupportTicket>();
        var changed = new List<Account>();
        foreach (var w in _world.Accounts)
        {
            usage.AddRange(w.Usage.Where(u => u.Day >= from && u.Day < until));
            tickets.AddRange(w.Tickets.Where(t => t.OpenedOn >= from && t.OpenedOn < until));
            var stored = _stored[w.Account.Id];
            if (stored.RenewalDate != w.Account.RenewalDate || stored.ChurnedOn != w.ChurnedOn)
            {
                stored = stored with { RenewalDate = w.Account.RenewalDate, ChurnedOn = w.ChurnedOn };
                _stored[stored.Id] = stored;
                changed.Add(stored);
            }
        }
        var knownThrough = until.AddDays(-1);
        // The truth as the world now has it: after the history, the observer's draw uses today's drivers.
        var truths = _world.Accounts.Select(a => SimulatedWorld.DriversOn(a, until))
            .Zip(_world.Accounts, (drivers, a) => new OutcomeTruth(a.Account.Id, ChurnHazard.Probability(drivers), drivers, _options.Seed, a.ChurnedOn, knownThrough))
            .ToList();
        await _store.BulkInsertAsync(usage, BulkInsertMode.OverwriteExisting, BatchSize, cancellationToken);
        await _store.BulkInsertAsync(tickets, BulkInsertMode.OverwriteExisting, BatchSize, cancellationToken);
        await _store.BulkInsertAsync(truths, BulkInsertMode.OverwriteExisting, BatchSize, cancellationToken);
        if (changed.Count > 0)
            await _store.BulkInsertAsync(changed, BulkInsertMode.OverwriteExisting, BatchSize, cancellationToken);
        _flushedTo = until;
    }
}
