using ActionPlane.Engine.Decisioning.OffPolicy;

namespace ActionPlane.Engine.Tests.Decisioning;

public sealed class HoldoutComparisonTests
{
    [Fact]
    public void Lift_IsEngineLessHoldout_WithStandardErrorsClusteredByAccount()
    {
        // Engine: account a retained twice, b churned once → 2/3. Residuals per account: a 1/3 + 1/3, b −2/3;
        // clustered SE = √(4/9 + 4/9) / 3. Holdout: c retained, d churned → 1/2, SE = √(1/4 + 1/4) / 2.
        DecisionOutcome[] outcomes = [new("a", false, true), new("a", false, true), new("b", false, false), new("c", true, true), new("d", true, false)];

        var result = HoldoutComparison.Of(outcomes);

        var engineSe = Math.Sqrt(8.0 / 9) / 3;
        var holdoutSe = Math.Sqrt(0.5) / 2;
        result.Engine!.Value.Should().BeApproximately(2.0 / 3, 1e-5);
        result.Engine.StdError.Should().BeApproximately(engineSe, 1e-5, "a's two decisions are one account's evidence, not two independent ones (unclustered: √(6/9) / 3)");
        result.Engine.Count.Should().Be(3);
        result.EngineAccounts.Should().Be(2);
        result.Holdout!.Value.Should().BeApproximately(0.5, 1e-5);
        result.Holdout.StdError.Should().BeApproximately(holdoutSe, 1e-5);
        result.HoldoutAccounts.Should().Be(2);
        result.Lift!.Value.Should().BeApproximately(1.0 / 6, 1e-5);
        result.Lift.StdError.Should().BeApproximately(Math.Sqrt(engineSe * engineSe + holdoutSe * holdoutSe), 1e-5, "disjoint groups: the variances add");
        result.Lift.Lower.Should().BeApproximately(1.0 / 6 - 1.959964 * result.Lift.StdError!.Value, 1e-4);
    }

    [Fact]
    public void WithoutHoldoutDecisions_ThereIsNoLift()
    {
        var result = HoldoutComparison.Of([new DecisionOutcome("a", false, true)]);

        result.Holdout.Should().BeNull();
        result.HoldoutAccounts.Should().Be(0);
        result.Lift.Should().BeNull();
        result.Engine!.Value.Should().Be(1);
    }

    [Fact]
    public void GroupIntervals_StayInsideZeroToOne_AsSharesMust()
    {
        // Nine of ten held-out accounts retained: 0.9 ± 1.96 × 0.095 would reach past 1.
        var outcomes = Enumerable.Range(0, 10).Select(i => new DecisionOutcome($"h{i}", true, i > 0))
            .Append(new DecisionOutcome("a", false, true)).Append(new DecisionOutcome("b", false, false)).ToList();

        var result = HoldoutComparison.Of(outcomes);

        result.Holdout!.Upper.Should().Be(1);
        result.Holdout.Lower.Should().BeApproximately(0.9 - 1.959964 * result.Holdout.StdError!.Value, 1e-4);
        result.Engine!.Lower.Should().Be(0);
        result.Engine.Upper.Should().Be(1);
        result.Lift!.Lower.Should().BeLessThan(-0.5, "the difference of shares is not clamped to [0, 1]");
    }
}
