using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Proposals;

/// <summary>The engine decides on expected incremental value through the arbitrator, and says how in the trace.</summary>
public sealed class DecisionTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private readonly PostgresFixture _postgres = postgres;

    [Fact]
    public async Task Propose_OrdersByIncrementalValue_FromUpliftEstimates_PenalisingUncertainty()
    {
        // Arrange: the checklist and the shortcut have the same predicted uplift, the shortcut's is far less certain;
        // outreach has a small uplift and costs 75. MRR 1,200 × 12 months = 14,400 at stake.
        // Every other action has a small, well-measured uplift except the nudge, which has no estimate.
        await SetUpliftAsync(new()
        {
            ["show_checklist"] = new UpliftEstimate(0.05, 0.01),
            ["pin_shortcut"] = new UpliftEstimate(0.05, 0.06),
            ["csm_outreach"] = new UpliftEstimate(0.004, 0.001),
            ["prefill_form"] = new UpliftEstimate(0.01, 0.001),
            ["unlock_trial_within_caps"] = new UpliftEstimate(0.01, 0.001),
            ["suggest_upgrade_within_policy"] = new UpliftEstimate(0.01, 0.001),
            ["offer_discount"] = new UpliftEstimate(0.03, 0.001),
        });

        var batch = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        var checklist = batch.Proposals.Single(p => p.ActionType == "show_checklist");
        var shortcut = batch.Proposals.Single(p => p.ActionType == "pin_shortcut");
        var outreach = batch.Proposals.Single(p => p.ActionType == "csm_outreach");
        checklist.Scores.ExpectedValue.Should().Be(0.05m * 14_400 - 0 - 0.5m * 0.01m * 14_400, "uplift × value − cost − λ·stderr·value");
        shortcut.Scores.ExpectedValue.Should().Be(0.05m * 14_400 - 0.5m * 0.06m * 14_400);
        outreach.Scores.ExpectedValue.Should().Be(0.004m * 14_400 - 75 - 0.5m * 0.001m * 14_400);
        checklist.Trace!.ValueBasis.Should().Be("uplift_model");
        checklist.Trace.Chosen.Should().BeTrue();
        checklist.Rank.Should().Be(1, "the best allowed incremental value is the engine's choice");
        shortcut.Rank.Should().BeGreaterThan(checklist.Rank);
        shortcut.Trace!.DroppedBecause.Should().Be("max_actions");
        outreach.Rank.Should().BeGreaterThan(shortcut.Rank);
        // Actions without an uplift estimate fall back to the named heuristic, and say so.
        var nudge = batch.Proposals.Single(p => p.ActionType == "schedule_nudge");
        nudge.Trace!.ValueBasis.Should().Be("baseline_heuristic");
        nudge.Explanation.Summary.Should().Contain("baseline heuristic");
        checklist.Explanation.Summary.Should().Contain("uplift model");
    }

    [Fact]
    public async Task Propose_RecordsArmAndPropensity_OnActionProposed()
    {
        var batch = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        var candidates = batch.Proposals.Count(p => p.Allowed);
        foreach (var p in batch.Proposals)
        {
            var proposed = (await H.EventsAsync(p.ProposalId)).OfType<ActionProposed>().Single();
            proposed.Arm.Should().Be(Arm.Exploit, "ε is 0 in this harness");
            if (p.Rank == 1)
                proposed.Propensity.Should().BeApproximately(1.0, 1e-9, "with ε = 0 the greedy choice is certain");
            else
                proposed.Propensity.Should().Be(0, "an alternative the engine did not choose");
        }
        candidates.Should().BeGreaterThan(1);
    }

    [Fact]
    public async Task Propose_WithEpsilonOne_Explores_WithTheUniformPropensity()
    {
        await using var h = await LifecycleHarness.StartAsync(_postgres, $"t_explore_{Guid.NewGuid():N}"[..30], RiskTier.High,
            o => o.Decisioning.Arbitration = o.Decisioning.Arbitration with { Epsilon = 1, HoldoutShare = 0 });

        var batch = await h.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        var allowed = batch.Proposals.Count(p => p.Allowed);
        batch.Proposals.Should().OnlyContain(p => p.Arm == Arm.Explore);
        var chosen = batch.Proposals.Where(p => p.Trace!.Chosen).ToList();
        // A uniform draw over the allowed candidates and "no action" (which chooses none).
        chosen.Should().HaveCountLessThanOrEqualTo(1);
        // (OnlyContain fails on an empty list, and "no action" leaves it empty.)
        foreach (var p in chosen)
            p.Trace!.Propensity.Should().BeApproximately(1.0 / (allowed + 1), 1e-9);
        batch.Proposals.Except(chosen).Should().OnlyContain(p => p.Trace!.Propensity == 0);
    }

    [Fact]
    public async Task Propose_ForAHoldoutAccount_LogsTheDecisionWithArmHoldout_AndNothingCanBeApplied()
    {
        var salt = Enumerable.Range(0, 100).Select(i => $"t{i}").First(s => HoldoutAssignment.Uniform("default", LifecycleHarness.AccountId, s) < 0.5);
        await using var h = await LifecycleHarness.StartAsync(_postgres, $"t_holdout_{Guid.NewGuid():N}"[..30], RiskTier.High,
            o => o.Decisioning.Arbitration = o.Decisioning.Arbitration with { Epsilon = 0, HoldoutShare = 0.5, HoldoutSalt = salt });

        var batch = await h.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);
        var again = await h.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        var logged = batch.Proposals.Should().ContainSingle().Subject;
        logged.Holdout.Should().BeTrue();
        logged.Allowed.Should().BeFalse();
        logged.Status.Should().Be(ActionStatus.Proposed);
        logged.NotActionableReason.Should().Contain("holdout");
        var events = await h.EventsAsync(logged.ProposalId);
        var proposed = events.Should().ContainSingle("a holdout decision is logged, never gated").Subject.Should().BeOfType<ActionProposed>().Subject;
        proposed.Arm.Should().Be(Arm.Holdout);
        proposed.Propensity.Should().Be(1);
        again.Proposals.Select(p => p.ProposalId).Should().Equal([logged.ProposalId], "the open holdout log is reused, not duplicated");
        (await h.Engine.ListOpenAsync(LifecycleHarness.AccountId)).Should().BeEmpty("there is nothing for a CSM to do on a holdout account");
        var apply = () => h.Applier.ApplyAsync(logged.ProposalId, "k1", LifecycleHarness.Csm);
        await apply.Should().ThrowAsync<LifecycleException>();
        (await h.EventsAsync(logged.ProposalId)).Should().HaveCount(1, "a refused apply of a holdout log records nothing");
        var record = await h.Decisions.GetAsync(logged.ProposalId);
        record!.Status.Should().Be(ActionStatus.Proposed, "the audit log keeps the holdout decision for outcome comparison");
    }

    [Fact]
    public async Task Propose_WhenTheWeeklyBudgetIsSpent_DegradesToSuggestOnly()
    {
        await using var h = await LifecycleHarness.StartAsync(_postgres, $"t_budget_{Guid.NewGuid():N}"[..30], RiskTier.High,
            o => o.Decisioning.WeeklyBudget = 80m);
        var before = await h.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);
        var outreach = before.Proposals.Single(p => p.ActionType == "csm_outreach");
        await h.Applier.ApplyAsync(outreach.ProposalId, "spend", LifecycleHarness.Csm);

        var after = await h.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        before.Proposals.Should().OnlyContain(p => p.SuggestOnly == (p.Scores.Cost > 80m), "only what the budget cannot cover is suggest-only");
        outreach.Scores.Cost.Should().Be(75m);
        after.Proposals.Where(p => p.Allowed).Should().NotBeEmpty()
            .And.OnlyContain(p => p.SuggestOnly == (p.Scores.Cost > 5m), "75 of 80 is spent this ISO week");
        var degraded = after.Proposals.First(p => p.SuggestOnly && p.Scores.Cost <= 80m);
        degraded.NotActionableReason.Should().Contain("budget").And.Contain("75 of 80");
        degraded.Trace!.Budget.Spent.Should().Be(75m);
        degraded.Trace.Budget.IsoWeek.Should().Be("2026-W48");
    }

    [Fact]
    public async Task Trace_CarriesDriversSignalsPolicyCapsBudgetAndVersions()
    {
        await SetUpliftAsync(new() { ["show_checklist"] = new UpliftEstimate(0.05, 0.01) }, upliftVersion: "uplift/show_checklist-1", rankVersion: "rank-1");

        var batch = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        foreach (var p in batch.Proposals)
        {
            var t = p.Trace!;
            t.AccountId.Should().Be(LifecycleHarness.AccountId);
            t.ActionType.Should().Be(p.ActionType);
            t.TopDrivers.Select(d => d.Feature).Should().Equal("tickets_30d", "modules_adopted_30d", "seat_utilisation");
            t.TriggeringSignals.Should().Contain(s => s.Contains("support tickets", StringComparison.OrdinalIgnoreCase));
            t.PolicyRevision.Should().Be(p.PolicyRevision).And.NotBeEmpty();
            t.CapState.Should().ContainKey("nudges_account_7d").And.ContainKey("discounts_account_90d");
            t.ChurnModelVersion.Should().Be("churn-test-1");
            t.UpliftModelVersion.Should().Be("uplift/show_checklist-1");
            t.RankModelVersion.Should().Be("rank-1");
            t.Holdout.Should().BeFalse();
            t.Budget.MoneyBudget.Should().BeNull("no weekly budget is configured");
            t.Value.Expected.Should().Be(p.Scores.ExpectedValue);
            if (p.Allowed)
            {
                t.PolicyRulesFailed.Should().BeEmpty();
                t.PolicyRulesPassed.Should().Contain(["eligibility", "consent", "windows"]);
            }
            else
            {
                t.PolicyRulesFailed.Should().NotBeEmpty().And.HaveCount(p.Deny.Count);
                t.DroppedBecause.Should().Be("policy");
            }
        }
        // Stored with the proposal: reading it back gives the same trace.
        var stored = await H.Engine.GetAsync(batch.Proposals[0].ProposalId);
        stored.Trace.Should().BeEquivalentTo(batch.Proposals[0].Trace);
    }

    [Fact]
    public async Task ProposeAction_ByAPerson_IsTracedWithoutAnArm()
    {
        var payload = new System.Text.Json.Nodes.JsonObject
        {
            ["account_id"] = LifecycleHarness.AccountId, ["percent"] = 10, ["months"] = 2, ["reason"] = "Renewal offer.",
        };

        var view = await H.Engine.ProposeActionAsync(LifecycleHarness.AccountId, "offer_discount", payload, LifecycleHarness.Csm);

        view.Trace!.DecidedBy.Should().Be("person");
        view.Arm.Should().BeNull();
        view.Scores.Cost.Should().Be(1200m * 0.10m * 2, "a discount costs the revenue it gives away");
        var proposed = (await H.EventsAsync(view.ProposalId)).OfType<ActionProposed>().Single();
        proposed.Arm.Should().BeNull();
        proposed.Propensity.Should().BeNull();
    }

    private async Task SetUpliftAsync(Dictionary<string, UpliftEstimate> uplift, string upliftVersion = "uplift-test-1", string? rankVersion = null)
    {
        var score = await H.LoadAsync<AccountScore>(LifecycleHarness.AccountId);
        await using var session = H.Store.LightweightSession();
        session.Store(score! with { Uplift = uplift, UpliftModelVersion = upliftVersion, RankModelVersion = rankVersion });
        await session.SaveChangesAsync();
    }
}
