using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Outcomes;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Training;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ActionPlane.Engine.Tests.Data.DemoHistory;

public sealed class DemoHistoryTests(DemoHistoryFixture history, ITestOutputHelper output) : IClassFixture<DemoHistoryFixture>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DemoHistoryFixture.Today.UtcDateTime);

    [Fact]
    public async Task Replay_PrintsALinePerWeek_AndMarksTheTenantCompleteOnlyAtToday()
    {
        foreach (var line in history.FreshLog)
            output.WriteLine(line);
        history.FreshLog.Where(l => l.StartsWith("history: week ", StringComparison.Ordinal)).Should().HaveCount(16);
        history.FreshLog.Should().Contain(l => l.StartsWith("history: week 16/16, 2026-11-16, ", StringComparison.Ordinal));
        await using var session = history.Fresh.Store.QuerySession();
        var info = await session.LoadAsync<DemoTenantInfo>(DemoTenantInfo.DocumentId);
        info!.HistoryUntil.Should().Be(Today);
        info.AsOf.Should().Be(Today);
        (await session.Query<UsageDay>().MaxAsync(u => u.Day)).Should().Be(Today.AddDays(-1), "the signals run up to today");
    }

    [Fact]
    public void Replay_InterruptedMidway_StartsOverOnTheNextStart_AndReplaysTheSamePastAsAFreshTenant()
    {
        var weeks = DemoHistoryFixture.ResumeOptions.HistoryWeeks;
        foreach (var line in history.InterruptedLog.Concat(history.ResumedLog))
            output.WriteLine(line);
        history.InterruptedLog.Should().Contain(l => l.StartsWith($"history: week 3/{weeks}", StringComparison.Ordinal))
            .And.NotContain(l => l.StartsWith("Demo history replayed", StringComparison.Ordinal));
        history.ResumedLog.Should().Contain("The demo history was interrupted before it reached today; generating the demo tenant again.")
            .And.Contain(l => l.StartsWith($"history: week {weeks}/{weeks}, ", StringComparison.Ordinal));

        // Same seed, same past: every decision, apply, undo and outcome, and every churn day.
        history.ResumedSnapshot.Records.Should().NotBeEmpty().And.Contain(r => r.AppliedAt != null).And.Equal(history.ResumedFreshSnapshot.Records);
        history.ResumedSnapshot.ChurnedOn.Should().NotBeEmpty().And.BeEquivalentTo(history.ResumedFreshSnapshot.ChurnedOn);
    }

    [Fact]
    public void History_HasOutcomesForTreatedExploredAndHoldoutDecisions()
    {
        var labelled = history.FreshSnapshot.Examples.Where(e => e.Outcome is not null).ToList();
        output.WriteLine($"{history.FreshSnapshot.Examples.Count} examples, {labelled.Count} with outcomes: "
            + string.Join(", ", labelled.GroupBy(e => (e.Arm, e.Treated)).Select(g => $"{g.Key.Arm}/{(g.Key.Treated ? "treated" : "untreated")} {g.Count()}")));
        labelled.Should().Contain(e => e.Treated && e.Arm == "exploit");
        labelled.Should().Contain(e => e.Arm == "explore");
        labelled.Should().Contain(e => e.Arm == TrainingExample.HoldoutArm);
        labelled.Should().Contain(e => e.Outcome == OutcomeKinds.Churned).And.Contain(e => e.Outcome == OutcomeKinds.Retained);
    }

    [Fact]
    public void HistoryOutcomes_AreWhatTheWorldDid_ChurnedExactlyWhenTheAccountChurnedByTheDueDay()
    {
        var churnedOn = history.FreshSnapshot.ChurnedOn;
        var fromWorld = history.FreshSnapshot.Examples.Where(r => r.OutcomeSource == OutcomeObserver.HistorySource).ToList();
        fromWorld.Should().HaveCountGreaterThan(100);
        history.FreshSnapshot.Examples.Where(r => r.Outcome is not null).Should().OnlyContain(r => r.OutcomeSource == OutcomeObserver.HistorySource,
            "every outcome due before today is the world's");
        foreach (var r in fromWorld)
        {
            var due = OutcomeObserver.LastDayLivedBy(r.OutcomeAt!.Value);
            var churned = churnedOn.TryGetValue(r.AccountId, out var day) && day <= due;
            r.Outcome.Should().Be(churned ? OutcomeKinds.Churned : OutcomeKinds.Retained, $"{r.AccountId} churned on {(churnedOn.TryGetValue(r.AccountId, out var d) ? d : null)}, due {due}");
        }
    }

    [Fact]
    public void History_HasCsmAndUnattendedApplies_AsTheProductRecordedThem()
    {
        var applied = history.FreshSnapshot.Records.Where(r => r.AppliedAt is not null).ToList();
        output.WriteLine(string.Join(", ", applied.GroupBy(r => (r.AppliedBy, r.ActionType)).Select(g => $"{g.Key.AppliedBy} {g.Key.ActionType} {g.Count()}")));
        applied.Should().Contain(r => r.AppliedBy == DemoHistoryFixture.Options.CsmOwner);
        // show_checklist / pin_shortcut earn unattended after 20 applies in 30 days; the autopilot then applies them.
        applied.Should().Contain(r => r.AppliedBy == Actor.System.Id);
        applied.Where(r => r.AppliedBy == Actor.System.Id).Select(r => r.ActionType).Distinct()
            .Should().BeSubsetOf(["show_checklist", "pin_shortcut"], "only those may run unattended (policies/data.json)");
    }

    [Fact]
    public async Task ChurnedAccount_GetsAConflictNamingItsChurnDay_OnPropose()
    {
        var (id, day) = history.FreshSnapshot.ChurnedOn.First();
        var engine = history.Fresh.Services.GetRequiredService<NextBestActionEngine>();

        var propose = () => engine.ProposeAsync(id, new Actor("csm@demo.local", ["csm"]));

        (await propose.Should().ThrowAsync<LifecycleException>()).Which.Should().Match<LifecycleException>(e =>
            e.Kind == LifecycleErrorKind.Conflict && e.Message.Contains($"churned on {day:yyyy-MM-dd}"));
    }

    [Fact]
    public async Task DecisionRun_SkipsChurnedAccounts()
    {
        var runner = history.Resumed.Services.GetRequiredService<DecisionRunner>();
        var active = DemoHistoryFixture.ResumeOptions.Accounts - history.ResumedSnapshot.ChurnedOn.Count;

        var run = await runner.TryRunAsync("test", "test");

        run!.Status.Should().Be(DecisionRunStatus.Completed);
        run.Accounts.Should().Be(active);
        await using var session = history.Resumed.Store.QuerySession();
        var churned = history.ResumedSnapshot.ChurnedOn.Keys.ToArray();
        (await session.Query<ActionLifecycle>().Where(p => p.ProposedAt >= DemoHistoryFixture.Today && p.AccountId.IsOneOf(churned)).CountAsync())
            .Should().Be(0);
    }
}
