using ActionPlane.Engine.ClosedLoop;
using ActionPlane.Engine.Data;

namespace ActionPlane.Engine.Tests.ClosedLoop;

public sealed class GroundTruthSealTests(SmallRuns runs) : IClassFixture<SmallRuns>
{
    [Fact]
    public void SealedWorld_RefusesEveryReadOfTheTruth_ButKeepsEvolving()
    {
        var start = new DateOnly(2026, 1, 5);
        var world = new SimulatedWorld(new TenantGenerator(5).Generate(120, start), Scenario.Default);
        var account = world.Accounts[0];
        world.TruthSealed = true;

        FluentActions.Invoking(() => world.TrueUplift(account, "csm_outreach", start)).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => world.TrueEffect(account, "csm_outreach", start)).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => world.TrueChurnProbability(account, start)).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => world.Advance(start)).Should().NotThrow("the world's own mechanics read the truth, strategies may not");
        world.Unsealed(w => w.TrueChurnProbability(account, start)).Should().BeInRange(0, 1);
        world.TruthSealed.Should().BeTrue("Unsealed restores the seal");
    }

    [Fact]
    public void Nba_LearnsAndDecides_WithTheTruthSealed()
    {
        // nba runs with the world sealed from its first training to its last decision: had it read
        // a true effect, uplift or churn probability anywhere, the run would have thrown.
        var nba = runs[SimulationStrategy.Nba];

        nba.ActionsApplied.Should().BeGreaterThan(0);
        nba.Weeks.Should().Contain(w => w.Applied > w.Explored, "after the exploration period nba decides on its learned uplift");
    }

    [Fact]
    public void Nba_WithRecalibratedInForceCorrection_LearnsAndDecides_WithTheTruthSealed()
    {
        // The in-force correction reads only nba's own logged predictions and calibration factors.
        var report = ClosedLoopSimulator.Run(SmallRuns.Options(SimulationStrategy.Nba) with { InForceRecalibrated = true });

        report.ActionsApplied.Should().BeGreaterThan(0);
        report.Weeks.Should().Contain(w => w.Applied > w.Explored);
        report.PolicyViolations.Should().Be(0);
    }
}
