using ActionPlane.Engine.Decisioning;

namespace ActionPlane.Engine.Tests.Decisioning;

public sealed class ArbitratorTests
{
    private static readonly ArbitrationSettings Greedy = new() { Epsilon = 0, HoldoutShare = 0 };
    private static readonly BudgetState Open = BudgetState.Unlimited(new DateOnly(2026, 11, 23));

    private static CandidateEstimate Candidate(string type, double uplift, double se = 0, decimal value = 12_000m, decimal cost = 0m,
        double rank = 0, string category = "", string channel = "") => new(type, uplift, se, value, cost, rank, category, channel);

    [Fact]
    public void ExpectedValue_IsUpliftTimesValueMinusCostMinusUncertaintyPenalty()
    {
        var parts = ExpectedIncrementalValue.Compute(Candidate("csm_outreach", 0.05, 0.02, 10_000m, 75m), new ArbitrationSettings { UncertaintyPenalty = 0.5 });

        // 0.05 × 10,000 − 75 − 0.5 × 0.02 × 10,000 = 500 − 75 − 100
        parts.Penalty.Should().Be(100m);
        parts.Expected.Should().Be(325m);
    }

    [Fact]
    public void Arbitrate_ChoosesHighestExpectedValue_NotHighestUplift()
    {
        var result = Arbitrator.Arbitrate("acc-1", [Candidate("offer_discount", 0.08, cost: 900m), Candidate("schedule_nudge", 0.04)], Greedy, Open, new Random(1));

        result.ChosenAction.Should().Be("schedule_nudge");
        result.Arm.Should().Be(Arm.Exploit);
        result.Propensity.Should().Be(1.0);
        result.Candidates[1].DroppedBecause.Should().Be("max_actions");
    }

    [Fact]
    public void Arbitrate_ChoosesNothing_WhenNoCandidateIsWorthIt()
    {
        var result = Arbitrator.Arbitrate("acc-1", [Candidate("offer_discount", 0.01, cost: 900m), Candidate("schedule_nudge", -0.02)], Greedy, Open, new Random(1));

        result.ChosenAction.Should().BeNull();
        result.Candidates.Should().OnlyContain(c => c.DroppedBecause == "not_worth_it");
    }

    [Fact]
    public void Arbitrate_RankScoreBreaksNearTies()
    {
        var result = Arbitrator.Arbitrate("acc-1",
            [Candidate("a", 0.0500, rank: 0.1), Candidate("b", 0.05001, rank: 0.9)], Greedy with { TieTolerance = 5m }, Open, new Random(1));

        result.Candidates.Select(c => c.ActionType).Should().Equal("b", "a");
    }

    [Fact]
    public void Arbitrate_KeepsOnePerCategory_WhenSeveralActionsAreAllowed()
    {
        var settings = Greedy with { MaxActionsPerAccount = 3 };
        var result = Arbitrator.Arbitrate("acc-1",
            [Candidate("a", 0.05, category: "adoption"), Candidate("b", 0.04, category: "adoption"), Candidate("c", 0.03, category: "retention")],
            settings, Open, new Random(1));

        result.Chosen.Select(c => c.ActionType).Should().Equal("a", "c");
        result.Candidates.Single(c => c.ActionType == "b").DroppedBecause.Should().Be("diversity");
    }

    [Fact]
    public void Arbitrate_DegradesToSuggestOnly_WhenTheWeeklyBudgetIsSpent()
    {
        var spent = BudgetState.ForWeek(new DateOnly(2026, 11, 23), 100m, null).Spend(60m);

        var result = Arbitrator.Arbitrate("acc-1", [Candidate("csm_outreach", 0.05, cost: 75m)], Greedy, spent, new Random(1));

        var chosen = result.Chosen.Single();
        chosen.SuggestOnly.Should().BeTrue();
        spent.Exhausted.Should().BeFalse();
        spent.CanAfford(40m).Should().BeTrue();
    }

    [Fact]
    public void Arbitrate_ActionBudget_CountsAppliedActions()
    {
        var budget = BudgetState.ForWeek(new DateOnly(2026, 11, 23), null, 1).Spend(0m);

        budget.Exhausted.Should().BeTrue();
        Arbitrator.Arbitrate("acc-1", [Candidate("schedule_nudge", 0.05)], Greedy, budget, new Random(1)).Chosen.Single().SuggestOnly.Should().BeTrue();
    }

    [Fact]
    public void Arbitrate_EpsilonGreedy_LogsExactPropensities()
    {
        var settings = Greedy with { Epsilon = 0.3 };
        CandidateEstimate[] candidates = [Candidate("a", 0.05), Candidate("b", 0.03), Candidate("c", 0.01)];
        var random = new Random(7);
        var counts = new Dictionary<string, int>();
        const int draws = 40_000;
        for (var i = 0; i < draws; i++)
        {
            var result = Arbitrator.Arbitrate("acc-1", candidates, settings, Open, random);
            var key = result.ChosenAction ?? "none";
            counts[key] = counts.GetValueOrDefault(key) + 1;
            var expected = key == "a" ? 0.7 + 0.3 / 4 : 0.3 / 4;
            result.Propensity.Should().BeApproximately(expected, 1e-12);
        }
        // The logged propensities are the real frequencies.
        (counts["a"] / (double)draws).Should().BeApproximately(0.775, 0.01);
        (counts["none"] / (double)draws).Should().BeApproximately(0.075, 0.01);
    }

    [Fact]
    public void Arbitrate_HoldoutAccount_GetsNoActions_AndIsLoggedAsHoldout()
    {
        var settings = Greedy with { HoldoutShare = 0.5, TenantId = "t1" };
        var held = Enumerable.Range(1, 200).Select(i => $"acc-{i}").First(a => HoldoutAssignment.IsHoldout(a, settings));

        var result = Arbitrator.Arbitrate(held, [Candidate("schedule_nudge", 0.2)], settings, Open, new Random(1));

        result.Holdout.Should().BeTrue();
        result.Arm.Should().Be(Arm.Holdout);
        result.Chosen.Should().BeEmpty();
        result.Candidates.Single().DroppedBecause.Should().Be("holdout");
    }

    [Fact]
    public void Holdout_IsDeterministic_AndNearTheConfiguredShare()
    {
        var accounts = Enumerable.Range(1, 20_000).Select(i => $"acc-{i:D5}").ToList();

        var first = accounts.Count(a => HoldoutAssignment.IsHoldout("tenant-a", a, "s1", 0.1));
        var again = accounts.Count(a => HoldoutAssignment.IsHoldout("tenant-a", a, "s1", 0.1));
        var otherTenant = accounts.Where(a => HoldoutAssignment.IsHoldout("tenant-b", a, "s1", 0.1)).ToHashSet();

        again.Should().Be(first);
        (first / 20_000.0).Should().BeApproximately(0.1, 0.01);
        // Another tenant's holdout group is a different random set, overlapping about 10 %.
        accounts.Where(a => HoldoutAssignment.IsHoldout("tenant-a", a, "s1", 0.1)).Count(otherTenant.Contains).Should().BeInRange(100, 300);
    }

    [Fact]
    public void BudgetState_NamesTheIsoWeek()
    {
        BudgetState.WeekOf(new DateOnly(2026, 1, 1)).Should().Be("2026-W01");
        BudgetState.WeekOf(new DateOnly(2027, 1, 1)).Should().Be("2026-W53");
    }

    [Fact]
    public void Settings_RejectOutOfRangeValues_NamingTheField()
    {
        var act = () => Arbitrator.Arbitrate("acc-1", [], Greedy with { Epsilon = 1.5 }, Open, new Random(1));

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Epsilon*");
    }

    [Fact]
    public void DecisionTrace_CarriesValuePartsArmAndPolicyVerdict()
    {
        var result = Arbitrator.Arbitrate("acc-1", [Candidate("schedule_nudge", 0.05, 0.01)], Greedy, Open, new Random(1));

        var trace = DecisionTrace.Of(result, result.Chosen.Single(), Open, churnModelVersion: "churn-3")
            .WithPolicy("rev-1", ["frequency"], [], new Dictionary<string, int> { ["nudges_user_7d"] = 1 });

        trace.Value.Uplift.Should().Be(0.05);
        trace.Value.Penalty.Should().Be(60m);
        trace.Arm.Should().Be(Arm.Exploit);
        trace.Propensity.Should().Be(1.0);
        trace.PolicyRevision.Should().Be("rev-1");
        trace.CapState["nudges_user_7d"].Should().Be(1);
    }
}
