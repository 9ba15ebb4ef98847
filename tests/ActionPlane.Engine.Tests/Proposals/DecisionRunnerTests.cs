using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Tests.Support;
using Marten;
using Npgsql;

namespace ActionPlane.Engine.Tests.Proposals;

/// <summary>
/// The weekly decision run over real Marten and the real bundle: one decision per account, accounts decided this
/// ISO week skipped, a second run the same week adds nothing, next week's run lapses last week's proposals and
/// decides afresh, a failing account neither stops the run nor leaves anything behind, one run at a time.
/// </summary>
public sealed class DecisionRunnerTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private DecisionRunner Runner => H.Get<DecisionRunner>();

    [Fact]
    public async Task Run_DecidesEveryAccountOnceAsTheSystem_AndSkipsAccountsDecidedThisWeek()
    {
        await H.SeedCopiesAsync("acc-0043", "acc-0044");
        await H.Engine.ProposeAsync("acc-0044", LifecycleHarness.Csm); // a CSM's Suggest already decided it this week
        var progress = new List<DecisionRun>();

        var run = (await Runner.TryRunAsync("manual", "admin@demo.local", progress.Add))!;

        run.Status.Should().Be(DecisionRunStatus.Completed);
        run.Accounts.Should().Be(3);
        run.Done.Should().Be(3);
        run.Skipped.Should().Be(1);
        run.ActionDecisions.Should().Be(2, "ε = 0 and no holdout in this harness, and both accounts have an action worth taking");
        run.Failed.Should().Be(0);
        run.ProposalsWritten.Should().BeGreaterThanOrEqualTo(2);
        run.IsoWeek.Should().Be("2026-W48");
        progress.Select(p => p.Done).Should().BeInAscendingOrder().And.Contain([1, 2, 3]);
        await using var session = H.Store.QuerySession();
        var bySystem = await session.Query<ActionLifecycle>().Where(p => p.ProposedBy == Actor.System.Id).ToListAsync();
        bySystem.Select(p => p.AccountId).Distinct().Should().BeEquivalentTo(["acc-0042", "acc-0043"]);
        bySystem.Should().Contain(p => p.Explanation.Trace!.Chosen && p.Status == ActionStatus.Allowed, "the gate allows the system actor to propose");
        bySystem.GroupBy(p => p.AccountId).Should().OnlyContain(g => g.Count(p => p.Explanation.Trace!.Chosen) >= 1);
        (await Runner.LatestAsync())!.Id.Should().Be(run.Id);
    }

    [Fact]
    public async Task SecondRun_TheSameWeek_AddsNothing()
    {
        await H.SeedCopiesAsync("acc-0043");
        await Runner.TryRunAsync("manual", "admin@demo.local");
        var before = await CountAsync<DecisionRecord>();
        H.Clock.Advance(TimeSpan.FromDays(2));

        var second = (await Runner.TryRunAsync("manual", "admin@demo.local"))!;

        second.Skipped.Should().Be(2);
        second.ProposalsWritten.Should().Be(0);
        (await CountAsync<DecisionRecord>()).Should().Be(before);
    }

    [Fact]
    public async Task RunNextWeek_LapsesLastWeeksProposals_AndDecidesAfresh()
    {
        await H.SeedCopiesAsync("acc-0043");
        var first = (await Runner.TryRunAsync("scheduled", "system:decision-run"))!;
        H.Clock.Advance(TimeSpan.FromDays(7));

        var next = (await Runner.TryRunAsync("scheduled", "system:decision-run"))!;

        next.ProposalsExpired.Should().Be(first.ProposalsWritten, "every proposal of last week was still open (allowed or denied) and lapsed")
            .And.BeGreaterThan(0);
        next.ActionDecisions.Should().Be(2);
        next.Skipped.Should().Be(0);
        next.IsoWeek.Should().Be("2026-W49");
        (await H.Engine.ListOpenAsync("acc-0043")).Should().OnlyContain(p => p.ProposedAt == H.Clock.GetUtcNow());
    }

    [Fact]
    public async Task FailingAccount_IsRecorded_TheRunGoesOn_AndNothingOfItsDecisionIsStored()
    {
        await H.SeedCopiesAsync("acc-0043", "acc-0044");
        await H.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        // A real failure at commit: PostgreSQL refuses any proposal snapshot for acc-0043, after its events were staged.
        await ExecuteAsync($"""
            create function {H.Options.SchemaName}.refuse_acc_0043() returns trigger language plpgsql as $$
            begin if new.data ->> 'AccountId' = 'acc-0043' then raise exception 'refused for the test'; end if; return new; end $$;
            create trigger refuse_acc_0043 before insert or update on {H.Options.SchemaName}.mt_doc_actionlifecycle
            for each row execute function {H.Options.SchemaName}.refuse_acc_0043();
            """);

        var run = (await Runner.TryRunAsync("manual", "admin@demo.local"))!;

        run.Status.Should().Be(DecisionRunStatus.Completed);
        run.Failed.Should().Be(1);
        run.Failures.Should().ContainSingle().Which.AccountId.Should().Be("acc-0043");
        run.ActionDecisions.Should().Be(2, "the accounts before and after the failing one are decided");
        await using var session = H.Store.QuerySession();
        (await session.Query<DecisionRecord>().CountAsync(r => r.AccountId == "acc-0043")).Should().Be(0);
        (await CountEventsAsync("acc-0043")).Should().Be(0, "the account's propose is one transaction");
    }

    [Fact]
    public async Task Run_OverNamedAccounts_DecidesOnlyThose_AndNamesUnknownOnes()
    {
        await H.SeedCopiesAsync("acc-0043", "acc-0044");

        var unknown = await Runner.UnknownAccountsAsync(["acc-0043", "acc-nope"]);
        var run = (await Runner.TryRunAsync("manual", "admin@demo.local", accountIds: ["acc-0043"]))!;

        unknown.Should().Equal("acc-nope");
        run.Accounts.Should().Be(1);
        run.ActionDecisions.Should().Be(1);
        await using var session = H.Store.QuerySession();
        (await session.Query<ActionLifecycle>().Select(p => p.AccountId).Distinct().ToListAsync()).Should().Equal("acc-0043");
    }

    [Fact]
    public async Task SecondRun_WhileOneHoldsTheLock_DoesNotStart()
    {
        var lease = (await Runner.TryBeginAsync("manual", "admin@demo.local"))!;

        var second = await Runner.TryRunAsync("scheduled", "system:decision-run");
        (await Runner.LatestAsync())!.Status.Should().Be(DecisionRunStatus.Running, "progress of the running run is visible");
        var finished = await Runner.RunAsync(lease);

        second.Should().BeNull();
        finished.Status.Should().Be(DecisionRunStatus.Completed);
        (await Runner.TryRunAsync("manual", "admin@demo.local")).Should().NotBeNull("the lock is released when the run ends");
    }

    [Fact]
    public async Task CancelledRun_StopsBetweenAccounts_AndKeepsItsSummary()
    {
        await H.SeedCopiesAsync("acc-0043", "acc-0044");
        using var cancel = new CancellationTokenSource();

        var run = (await Runner.TryRunAsync("manual", "admin@demo.local", p => { if (p.Done == 1) cancel.Cancel(); }, cancel.Token))!;

        run.Status.Should().Be(DecisionRunStatus.Cancelled);
        run.Done.Should().Be(1);
        (await Runner.LatestAsync())!.Status.Should().Be(DecisionRunStatus.Cancelled);
        await using var session = H.Store.QuerySession();
        (await session.Query<ActionLifecycle>().CountAsync(p => p.AccountId == "acc-0044")).Should().Be(0);
    }

    private async Task<int> CountAsync<T>() where T : notnull
    {
        await using var session = H.Store.QuerySession();
        return await session.Query<T>().CountAsync();
    }

    private async Task<long> CountEventsAsync(string accountId)
    {
        await using var connection = new NpgsqlConnection(H.Options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from {H.Options.SchemaName}.mt_events where data ->> 'AccountId' = @a", connection);
        command.Parameters.AddWithValue("a", accountId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(H.Options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
