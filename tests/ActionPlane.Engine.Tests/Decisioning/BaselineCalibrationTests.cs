using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Decisioning.OffPolicy;

namespace ActionPlane.Engine.Tests.Decisioning;

public sealed class BaselineCalibrationTests
{
    private static LoggedAccountDecision Decision(string account, string? action, double churn, bool retained) =>
        new(Guid.NewGuid(), account, DateTimeOffset.UnixEpoch, Arm.Exploit, action, 0.9, retained, Treated: false, churn, [], null);

    [Fact]
    public void Gap_IsKeptLessPredicted_WithStandardErrorsClusteredByAccount()
    {
        // Holdout: a (churn 0.2) retained twice, b (churn 0.4) churned once. Predicted (0.8 + 0.8 + 0.6) / 3, kept 2/3.
        // Residuals kept − predicted: 0.2, 0.2, −0.6, so the gap is −0.2/3; its SE sums (residual − gap) per account first.
        DecisionOutcome[] outcomes = [new("a", true, true, 0.2), new("a", true, true, 0.2), new("b", true, false, 0.4), new("e", false, true)];
        var gap = (0.2 + 0.2 - 0.6) / 3;
        var se = Math.Sqrt(Math.Pow(0.2 - gap + 0.2 - gap, 2) + Math.Pow(-0.6 - gap, 2)) / 3;

        var result = BaselineCalibration.Of(outcomes, [Decision("e", "pin_shortcut", 0.1, true)], null, null);

        var holdout = result.Groups.Should().ContainSingle("no decision chose to do nothing, and engine outcomes are not untreated").Subject;
        holdout.Group.Should().Be(BaselineCalibration.HoldoutGroup);
        holdout.Decisions.Should().Be(3);
        holdout.Accounts.Should().Be(2);
        holdout.Predicted.Should().BeApproximately(2.2 / 3, 1e-5);
        holdout.Observed.Value.Should().BeApproximately(2.0 / 3, 1e-5);
        holdout.Gap.Value.Should().BeApproximately(gap, 1e-5);
        holdout.Gap.StdError.Should().BeApproximately(se, 1e-5, "a's two decisions are one account's evidence");
        result.EnginePredicted.Should().BeApproximately(0.9, 1e-5, "the baseline over the usable decisions, what DR falls back to");
        result.OffBecause.Should().BeNull("two accounts cannot tell");
    }

    [Fact]
    public void FlagsTheBaseline_WhenUntreatedDecisionsOfEnoughAccountsKeptMoreThanItPredicted()
    {
        // Twelve accounts chose to do nothing at churn 0.4 (predicted 60 % kept); eleven were kept.
        var decisions = Enumerable.Range(0, 12).Select(i => Decision($"n{i}", null, 0.4, retained: i > 0)).ToList();

        var result = BaselineCalibration.Of([], decisions, null, null);

        var group = result.Groups.Single();
        group.Group.Should().Be(BaselineCalibration.NoActionGroup);
        group.Gap.Value.Should().BeApproximately(11 / 12.0 - 0.6, 1e-5);
        group.Gap.Lower.Should().BePositive();
        result.OffBecause.Should().Contain("on the 12 decisions to do nothing (12 accounts) it predicted 60.0 % retained, 91.7 % were kept (gap +31.7 pp [");
    }

    [Fact]
    public void DoesNotFlag_ABaselineThatMatchesWhatWasKept_NorAGroupOfFewAccounts()
    {
        // Twenty held-out accounts at churn 0.5, ten kept: the baseline is right. Nine doing-nothing accounts all kept at
        // churn 0.4 would be flagged with ten.
        var outcomes = Enumerable.Range(0, 20).Select(i => new DecisionOutcome($"h{i}", true, i % 2 == 0, 0.5)).ToList();
        var decisions = Enumerable.Range(0, BaselineCalibration.MinAccounts - 1).Select(i => Decision($"n{i}", null, 0.4, true)).ToList();

        var result = BaselineCalibration.Of(outcomes, decisions, null, null);

        result.Groups.Single(g => g.Group == BaselineCalibration.HoldoutGroup).Gap.Value.Should().BeApproximately(0, 1e-9);
        result.Groups.Single(g => g.Group == BaselineCalibration.NoActionGroup).Gap.Value.Should().BeApproximately(1 - 0.6, 1e-9);
        result.OffBecause.Should().BeNull();
        BaselineCalibration.Of(outcomes, [.. decisions, Decision("n9", null, 0.4, true)], null, null).OffBecause
            .Should().Contain("decisions to do nothing (10 accounts)", "with ten accounts the same gap is flagged (its clustered SE is 0 then: all kept)");
    }

    [Fact]
    public void Predicted_IsOverEachDecisionsOwnOutcomeWindow()
    {
        // One held-out decision at churn 0.271 whose outcome came at the renewal 30 days on, one at 0.2 over the full 90 days.
        DecisionOutcome[] outcomes = [new("a", true, true, 0.271, HorizonShare: 1 / 3.0), new("b", true, true, 0.2)];

        var result = BaselineCalibration.Of(outcomes, [], null, null);

        result.Groups.Single().Predicted.Should().BeApproximately((0.9 + 0.8) / 2, 1e-5, "0.729 over 90 days is 0.9 over 30");
    }

    [Fact]
    public void DrNoActionLessHoldout_IsDrsValueOfDoingNothingLessTheHoldoutsRetention_WithTheVariancesAdded()
    {
        var dr = new OffPolicyFigure(0.788, 0.0268, 0.735, 0.840, 601, 4.5);
        var holdout = new OffPolicyFigure(0.907, 0.0549, 0.800, 1, 54, 54);

        var result = BaselineCalibration.Of([], [Decision("a", null, 0.2, true)], dr, holdout);

        var d = result.DrNoActionLessHoldout!;
        d.Value.Should().BeApproximately(-0.119, 1e-5);
        d.StdError.Should().BeApproximately(Math.Sqrt(0.0268 * 0.0268 + 0.0549 * 0.0549), 1e-5, "the holdout's decisions are not among DR's");
        d.Upper.Should().BePositive("this is the demo history's case: −11.9 pp, its interval just reaching past zero");
        BaselineCalibration.Of([], [], dr, null).DrNoActionLessHoldout.Should().BeNull();
    }
}
