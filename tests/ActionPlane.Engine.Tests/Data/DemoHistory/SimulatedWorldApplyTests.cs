using ActionPlane.Engine.ClosedLoop;
using ActionPlane.Engine.Data;

namespace ActionPlane.Engine.Tests.Data.DemoHistory;

/// <summary>How the demo history tells the world about an apply while the product decides with the truth sealed.</summary>
public sealed class SimulatedWorldApplyTests
{
    private static SimulatedWorld World() =>
        new(new TenantGenerator(7).Generate(30, new DateOnly(2026, 8, 3)), Scenario.Default);

    [Fact]
    public void Apply_WhileTheTruthIsSealed_ShiftsTheHazard_ButATruthReadStillThrows()
    {
        var world = World();
        var account = world.Accounts[0];
        var day = world.Start;
        var expected = world.TrueEffect(account, "show_checklist", day);
        world.TruthSealed = true;

        var effect = world.Apply(account, Guid.NewGuid(), "show_checklist", day);

        effect.LogOddsDelta.Should().Be(expected);
        account.Effects.Should().ContainSingle().Which.Should().BeSameAs(effect);
        world.Invoking(w => w.TrueChurnProbability(account, day)).Should().Throw<InvalidOperationException>();
        world.TruthSealed.Should().BeTrue("the world's own response lifts the seal only for itself");
    }

    [Fact]
    public void Undo_EndsTheEffectFromThatDay()
    {
        var world = World();
        var account = world.Accounts[1];
        var effect = world.Apply(account, Guid.NewGuid(), "csm_outreach", world.Start);

        SimulatedWorld.Undo(effect, world.Start.AddDays(3));

        SimulatedWorld.InForce(effect, world.Start.AddDays(2)).Should().BeTrue();
        SimulatedWorld.InForce(effect, world.Start.AddDays(3)).Should().BeFalse();
    }
}
