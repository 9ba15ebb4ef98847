using ActionPlane.Engine.Data;
using ActionPlane.Engine.ClosedLoop;
using ActionPlane.Engine.Decisioning;

namespace ActionPlane.Engine.Tests.ClosedLoop;

public sealed class ClosedLoopSimulatorTests(SmallRuns runs) : IClassFixture<SmallRuns>
{
    [Fact]
    public void EveryStrategy_HasTheSameWeeklyBudget_AndNeverSpendsMore()
    {
        var reports = Enum.GetValues<SimulationStrategy>().Select(s => runs[s]).ToList();

        reports.Select(r => r.WeeklyBudget).Distinct().Should().ContainSingle().Which.Should().Be(SmallRuns.Accounts / 40);
        reports.SelectMany(r => r.Weeks).Should().OnlyContain(w => w.Applied <= SmallRuns.Accounts / 40);
        reports.Where(r => r.Strategy != "no_action").Should().OnlyContain(r => r.ActionsApplied > 0);
    }

    [Fact]
    public void NoAction_AppliesNothing_AndOracle_RetainsAtLeastAsMany()
    {
        var none = runs[SimulationStrategy.NoAction];
        var oracle = runs[SimulationStrategy.Oracle];

        none.ActionsApplied.Should().Be(0);
        none.Cost.Should().Be(0);
        // Same world, same churn thresholds: the oracle only lowers hazards it knows it lowers.
        oracle.Retained.Should().BeGreaterThanOrEqualTo(none.Retained);
    }

    [Theory]
    [InlineData(SimulationStrategy.NoAction)]
    [InlineData(SimulationStrategy.Random)]
    [InlineData(SimulationStrategy.RiskTop)]
    [InlineData(SimulationStrategy.Oracle)]
    [InlineData(SimulationStrategy.Nba)]
    [InlineData(SimulationStrategy.Ceiling)]
    public void Report_FieldsAreConsistent(SimulationStrategy strategy)
    {
        var r = runs[strategy];

        (r.Retained + r.Churned).Should().Be(SmallRuns.Accounts);
        r.JsonValidity.Should().Be(1.0);
        r.PolicyViolations.Should().Be(0);
        r.Weeks.Should().HaveCount(SmallRuns.Days / 7);
        r.Weeks.Sum(w => w.Applied).Should().Be(r.ActionsApplied);
        r.Weeks.Sum(w => w.Cost).Should().Be(r.Cost);
        r.ActionsUndone.Should().BeLessThanOrEqualTo(r.ActionsApplied);
        r.SuccessfulActions.Should().BeLessThanOrEqualTo(r.ActionsApplied);
        if (r.SuccessfulActions > 0)
            r.CostPerSuccessfulAction.Should().Be(Math.Round(r.Cost / r.SuccessfulActions, 2));
        r.ProposalsChecked.Should().BeGreaterThanOrEqualTo(r.ActionsApplied + r.PolicyDenials - r.ActionsUndone);
        r.PolicyEvaluations.Should().BeGreaterThanOrEqualTo(r.ActionsApplied);
        r.HoldoutAccounts.Should().BeInRange(5, 40, "about 5 % of 400 accounts are held out");
    }

    [Fact]
    public void Ceiling_IsADiagnostic_ThatNeverExplores_AndHasNoOffPolicyEstimate()
    {
        var ceiling = runs[SimulationStrategy.Ceiling];

        ceiling.Strategy.Should().Be("ceiling");
        ceiling.ActionsApplied.Should().BeGreaterThan(0);
        ceiling.Weeks.Should().OnlyContain(w => w.Explored == 0);
        ceiling.Ope.Should().BeNull();
    }

    [Fact]
    public void World_IsTheSameForEveryStrategy_ExceptWhereItActed()
    {
        // Common random numbers: the same tenant evolves identically unless an action changes a hazard.
        var start = new DateOnly(2026, 1, 5);
        var tenant = new TenantGenerator(11).Generate(300, start);
        var untouched = new SimulatedWorld(tenant, Scenario.Default);
        var treated = new SimulatedWorld(tenant, Scenario.Default);
        var target = treated.Accounts.OrderByDescending(a => treated.TrueChurnProbability(a, start)).First();
        target.Effects.Add(new ActiveEffect(Guid.NewGuid(), "csm_outreach", start.DayNumber, -3.0));

        for (var d = 0; d < 60; d++)
        {
            untouched.Advance(start.AddDays(d));
            treated.Advance(start.AddDays(d));
        }

        untouched.Accounts.Where(a => a.Index != target.Index).Select(a => a.ChurnedOn)
            .Should().Equal(treated.Accounts.Where(a => a.Index != target.Index).Select(a => a.ChurnedOn));
        treated.TrueChurnProbability(target, start).Should().BeLessThan(untouched.TrueChurnProbability(untouched.Accounts[target.Index], start));
    }

    [Fact]
    public void Run_IsReproducible_ForTheSameSeed()
    {
        var again = ClosedLoopSimulator.Run(SmallRuns.Options(SimulationStrategy.Random));
        var first = runs[SimulationStrategy.Random];

        again.Retained.Should().Be(first.Retained);
        again.ActionsApplied.Should().Be(first.ActionsApplied);
        again.Cost.Should().Be(first.Cost);
    }

    [Fact]
    public void Options_RejectBadValues_NamingTheFlag()
    {
        var bad = SmallRuns.Options(SimulationStrategy.Nba) with { Accounts = 3 };
        var noBundle = SmallRuns.Options(SimulationStrategy.Nba) with { PoliciesDirectory = "/nonexistent/policies" };

        FluentActions.Invoking(() => ClosedLoopSimulator.Run(bad)).Should().Throw<ArgumentException>().WithMessage("*--accounts*");
        FluentActions.Invoking(() => ClosedLoopSimulator.Run(noBundle)).Should().Throw<ArgumentException>().WithMessage("*policy bundle*");
    }

    [Fact]
    public void Holdout_IsTheSameGroupForEveryStrategy()
    {
        Enum.GetValues<SimulationStrategy>().Select(s => runs[s].HoldoutAccounts).Distinct().Should().ContainSingle();
        HoldoutAssignment.IsHoldout("sim-3", "acc-0001", "holdout-v1", 0.05).Should().Be(HoldoutAssignment.IsHoldout("sim-3", "acc-0001", "holdout-v1", 0.05));
    }
}
