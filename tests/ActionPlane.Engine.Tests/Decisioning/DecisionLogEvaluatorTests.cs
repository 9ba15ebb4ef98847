using System.Text.Json.Nodes;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Decisioning.OffPolicy;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using ActionPlane.Engine.Tests.Training;
using ActionPlane.Engine.Training;
using Marten;

namespace ActionPlane.Engine.Tests.Decisioning;

/// <summary>Off-policy evaluation on the product's own decision log, on real PostgreSQL: what is read, what is left out, the estimates.</summary>
public sealed class DecisionLogEvaluatorTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private const string Outreach = "csm_outreach";
    private const string Pin = "pin_shortcut";

    private DecisionLogEvaluator Evaluator => new(H.Store, H.Options.Decisioning.Arbitration);

    [Fact]
    public async Task IpsAndDr_OnALogWithKnownPropensitiesAndDeterministicRewards_ReproduceTheHandComputedValues()
    {
        // Arrange: 40 decisions of ε-greedy with ε = 0.45 over outreach (greedy), pin and none: the
        // greedy draw has propensity 0.7, each other 0.15, and the log holds them in exactly those shares
        // (28 outreach, 6 none, 6 pin). Outreach always retains; none retains 3 of 6; pin 2 of 6.
        var i = 0;
        for (; i < 28; i++)
            await LogDecisionAsync(i, Outreach, 0.7, Arm.Exploit, retained: true);
        for (; i < 34; i++)
            await LogDecisionAsync(i, null, 0.15, Arm.Explore, retained: i < 31);
        for (; i < 40; i++)
            await LogDecisionAsync(i, Pin, 0.15, Arm.Explore, retained: i < 36);

        // Act
        var result = await Evaluator.EvaluateAsync([], null, null);

        // Assert: greedy (always outreach) is worth 1, doing nothing 0.5, the log itself 33/40.
        result.Counts.Usable.Should().Be(40);
        result.Counts.Explored.Should().Be(12);
        result.NotEnoughBecause.Should().BeNull();
        var greedy = result.Strategies.Single(s => s.Strategy == OffPolicyStrategy.Greedy);
        // IPS = (1/40) · 28 · 1/0.7 = 1; ignoring the propensities would give 28/40 = 0.7.
        greedy.Ips.Value.Should().BeApproximately(1.0, 1e-9);
        greedy.Snips.Value.Should().BeApproximately(1.0, 1e-9);
        greedy.Dr.Value.Should().BeApproximately(1.0, 1e-9, "with one reward-model value per action the DR correction sums to the IPS one");
        greedy.Agreeing.Should().Be(28);
        greedy.Acting.Should().Be(40);
        var none = result.Strategies.Single(s => s.Strategy == OffPolicyStrategy.NoAction);
        none.Ips.Value.Should().BeApproximately(0.5, 1e-9, "(1/40) · 3 · 1/0.15");
        none.Dr.Value.Should().BeApproximately(0.5, 1e-9);
        greedy.DrIncremental.Value.Should().BeApproximately(0.5, 1e-9);
        var logged = result.Strategies.Single(s => s.Strategy == OffPolicyStrategy.Logged);
        logged.Ips.Value.Should().BeApproximately(33 / 40.0, 1e-9);
        logged.Dr.Value.Should().BeApproximately(33 / 40.0, 1e-9);
        result.LoggedRetention.Should().BeApproximately(33 / 40.0, 1e-9);
        // Acting helps on this log: the ordering a reviewer reads off the chart.
        none.Dr.Value.Should().BeLessThan(logged.Dr.Value!.Value);
        logged.Dr.Value.Should().BeLessThan(greedy.Dr.Value!.Value);
        none.DrIncremental.Value.Should().Be(0);
    }

    [Fact]
    public async Task RewardModel_IsScaledToEachDecisionsOutcomeWindow_AShorterOneRetainingMore()
    {
        // Arrange: two greedy outreach decisions at churn 0.4, one whose outcome came at the renewal 30 days on.
        await LogDecisionAsync(0, Outreach, 0.9, Arm.Exploit, retained: true, horizonDays: 30);
        await LogDecisionAsync(1, Outreach, 0.9, Arm.Exploit, retained: true);

        // Act
        var result = await Evaluator.EvaluateAsync([OffPolicyStrategy.NoAction], null, null);

        // Assert: doing nothing agrees with neither logged choice, so its DR is the model's baseline alone: 0.6 over
        // 90 days, 0.6^(1/3) over 30 at the same hazard (0.6 for both if the window were ignored).
        var none = result.Strategies.Single(s => s.Strategy == OffPolicyStrategy.NoAction);
        none.Dr.Value.Should().BeApproximately((Math.Pow(0.6, 1 / 3.0) + 0.6) / 2, 1e-5);
        result.Baseline!.EnginePredicted.Should().BeApproximately((Math.Pow(0.6, 1 / 3.0) + 0.6) / 2, 1e-5);
    }

    [Fact]
    public async Task ModelStrategy_ReScoresTheStoredSnapshotsWithARegisteredUpliftVersion()
    {
        // Arrange: CSMs' outreach (applied to half) trains an uplift challenger; the engine then decides for the same accounts.
        // The engine goes first: a CSM's open outreach would be re-used, not logged again as a candidate.
        var ids = await LoggedLoop.SeedAccountsAsync(H, 160, new Random(21));
        foreach (var id in ids.Take(40))
            await H.Engine.ProposeAsync(id, LifecycleHarness.Csm);
        H.Clock.Advance(TimeSpan.FromMinutes(1));
        await LoggedLoop.ProposeOutreachAsync(H, ids, 0.5, new Random(22));
        await LoggedLoop.ObserveDueAsync(H);
        var version = (await new UpliftRetrainer(H.Store, H.Clock).RetrainAsync(
            new UpliftRetrainOptions { ActionTypes = [Outreach], Register = true, MinRowsPerArm = 30 }, "test")).Results.Single().Version!;

        // Act
        var result = await Evaluator.EvaluateAsync(["model:" + version, OffPolicyStrategy.Greedy], null, null);

        // Assert
        var model = result.Strategies.Single(s => s.Strategy == "model:" + version);
        result.Counts.Usable.Should().Be(40);
        model.Rescored.Should().BeGreaterThan(0, "decisions that weighed outreach are re-scored from their snapshots");
        model.Dr.Value.Should().BeInRange(0, 1.5);
        result.Strategies.Single(s => s.Strategy == OffPolicyStrategy.Greedy).Rescored.Should().Be(0);
    }

    [Theory]
    [InlineData("best_guess", "'best_guess' is not a strategy")]
    [InlineData("model:uplift/csm_outreach-20200101-9", "no model 'uplift/csm_outreach-20200101-9' in the registry")]
    public async Task UnknownStrategyOrModelVersion_IsRejectedNamingTheField(string strategy, string message)
    {
        var act = () => Evaluator.EvaluateAsync([strategy], null, null);

        (await act.Should().ThrowAsync<OffPolicyInputException>()).Which.Should().Match<OffPolicyInputException>(e => e.Field == "strategy" && e.Message.StartsWith("strategy: ") && e.Message.Contains(message));
    }

    [Fact]
    public async Task EmptyLog_SaysPlainlyThereIsNothingToEstimateYet()
    {
        var result = await Evaluator.EvaluateAsync([], null, null);

        result.Strategies.Should().BeEmpty();
        result.NotEnoughBecause.Should().StartWith("Not enough labelled explored decisions yet").And.Contain("90 days");
    }

    /// <summary>One decision over outreach (rank 1, worth acting on) and pin (rank 2) with the given choice, applied when it is an action, and its outcome.</summary>
    private async Task LogDecisionAsync(int n, string? chosen, double propensity, Arm arm, bool retained, int horizonDays = 90)
    {
        await using var session = H.Store.LightweightSession();
        var account = $"ope-{n:D3}";
        var at = LifecycleHarness.Start.AddMinutes(n);
        var snapshot = new FeatureSnapshot(account, DateOnly.FromDateTime(at.UtcDateTime), FeatureBuilder.FeatureNames.ToDictionary(f => f, _ => (double?)0.5));
        const double churn = 0.4;
        var decision = new ArbitrationResult(account, [], arm, propensity, Holdout: false);
        foreach (var (type, uplift, rank) in new[] { (Outreach, 0.2, 1), (Pin, 0.05, 2) })
        {
            var id = Guid.NewGuid();
            var value = ExpectedIncrementalValue.Compute(new CandidateEstimate(type, uplift, 0, 14_400m, 100m, 0), H.Options.Decisioning.Arbitration);
            var isChosen = type == chosen;
            var candidate = new ArbitratedCandidate(new CandidateEstimate(type, uplift, 0, 14_400m, 100m, 0), value, rank, isChosen, arm, isChosen ? propensity : 0, false, isChosen ? null : "not_drawn");
            var trace = DecisionTrace.Of(decision, candidate, BudgetState.ForWeek(DateOnly.FromDateTime(at.UtcDateTime), null, null));
            session.Events.StartStream(id, new ActionProposed(id, account, null, type, new JsonObject(), new JsonObject(),
                new ProposalScores(churn, 0.1, 14_400m, 100m, value.Expected, uplift, 0),
                new ProposalExplanation("Test.", "test", [], "Test.", trace), "churn-test-1", snapshot.Hash(), "system:nba", at, arm, trace.Propensity, snapshot));
            if (isChosen)
                session.Events.Append(id, new ActionApplied(id, $"k-{id}", "csm@demo.local", at.AddHours(1), account, "token", at.AddDays(7), new JsonObject(), new JsonObject(), "applied"));
            session.Events.Append(id, new OutcomeObserved(id, isChosen ? (retained ? "retained" : "churned") : "retained", null, "test", at.AddDays(horizonDays), isChosen, "90d"));
        }
        if (chosen is null)
        {
            var id = Guid.NewGuid();
            session.Events.StartStream(id, new NoActionDecided(id, account, arm, propensity, [Outreach, Pin], 0, churn, "churn-test-1", snapshot.Hash(), "system:nba", at, snapshot));
            session.Events.Append(id, new OutcomeObserved(id, retained ? "retained" : "churned", null, "test", at.AddDays(horizonDays), false, "90d"));
        }
        await session.SaveChangesAsync();
    }
}
