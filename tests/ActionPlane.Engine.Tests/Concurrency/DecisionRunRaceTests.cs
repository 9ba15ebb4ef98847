using System.Collections.Concurrent;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Concurrency;

/// <summary>
/// Two weekly decision runs started at once (two app instances, or the scheduler and an admin): the run lock (a
/// session advisory lock) lets one run at a time. The other gets null (the Web's 409), or, when the first already
/// finished, runs and finds every account decided this week.
/// </summary>
public sealed class DecisionRunRaceTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private const int Rounds = 10;
    private const int AccountsPerRound = 3;

    [Fact]
    public async Task TwoRunsStartedAtOnce_NeverOverlap_AndDecideEachAccountOnce()
    {
        var runner = H.Get<DecisionRunner>();
        var all = new List<string>();
        var refused = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var accounts = Enumerable.Range(1, AccountsPerRound).Select(i => $"acc-d{round:D2}{i}").ToArray();
            await H.SeedCopiesAsync(accounts);
            all.AddRange(accounts);
            // Every progress report in the order they happen: a run reports after each account and once finished.
            var reports = new ConcurrentQueue<Guid>();

            var outcomes = await Race.RunAsync(
                () => runner.TryRunAsync("manual", "admin@demo.local", r => reports.Enqueue(r.Id), accountIds: accounts),
                () => runner.TryRunAsync("scheduled", "system:decision-run", r => reports.Enqueue(r.Id), accountIds: accounts));

            var runs = outcomes.Select(o => o.Value).OfType<DecisionRun>().ToList();
            runs.Should().NotBeEmpty().And.OnlyContain(r => r.Status == DecisionRunStatus.Completed && r.Failed == 0);
            refused += outcomes.Length - runs.Count;
            // One run at a time: the reports of one run never interleave with the other's.
            var order = reports.ToList();
            order.Where((id, i) => i > 0 && id != order[i - 1]).Should().HaveCountLessThanOrEqualTo(1, "a second run starts only after the first finished");
            runs.Sum(r => r.ActionDecisions + r.NoActionDecisions + r.HoldoutDecisions).Should().Be(AccountsPerRound, "each account is decided by one run");
            if (runs.Count == 2)
                runs.Should().Contain(r => r.Skipped == AccountsPerRound, "the later run found every account decided this week");
        }

        await using var session = H.Store.QuerySession();
        (await session.Query<DecisionRun>().CountAsync(r => r.Status != DecisionRunStatus.Completed)).Should().Be(0, "no run was left running or marked interrupted");
        var ids = all.ToArray();
        var open = await session.Query<ActionLifecycle>().Where(p => p.AccountId.IsOneOf(ids) && p.Status == ActionStatus.Allowed).ToListAsync();
        open.GroupBy(p => (p.AccountId, p.ActionType, p.UserId)).Should().OnlyContain(g => g.Count() == 1);
        refused.Should().BeGreaterThan(0, "the runs did start at the same moment at least once (the second was refused)");
    }
}
