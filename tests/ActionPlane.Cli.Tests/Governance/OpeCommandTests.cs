using System.Text.Json.Nodes;
using ActionPlane.Cli.Governance;
using ActionPlane.Cli.Tests.Train;
using ActionPlane.Cli.Train;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using Marten;

namespace ActionPlane.Cli.Tests.Governance;

/// <summary><c>actionplane ope</c> against a real PostgreSQL event store.</summary>
public sealed class OpeCommandTests(RegistryDatabase db) : IClassFixture<RegistryDatabase>
{
    [Fact]
    public async Task Ope_OnALabelledLog_PrintsEachStrategy_AndWritesTheReport()
    {
        // Arrange: 30 decisions that chose outreach (exploit, propensity 0.75), 10 that explored doing nothing (0.25).
        const string schema = "ope_ok";
        await LogDecisionsAsync(schema, acting: 30, none: 10);
        var report = Path.Combine(Path.GetTempPath(), $"ope-{Guid.NewGuid():N}.json");
        var output = new StringWriter();

        // Act
        var exit = OpeCommand.Run(new OpeArgs(db.ConnectionString, schema, [], "2026-06-01", "2026-06-02", report), output);

        // Assert
        exit.Should().Be(0);
        output.ToString().Should().Contain("decisions: 40 usable (10 explored, 10 no action)").And.Contain("no_action: DR").And.Contain("logged: DR").And.Contain("greedy: DR")
            .And.Contain("baseline on no_action: model predicted");
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        json["counts"]!["usable"]!.GetValue<int>().Should().Be(40);
        var strategies = json["strategies"]!.AsArray();
        strategies.Select(s => s!["strategy"]!.GetValue<string>()).Should().Equal("no_action", "logged", "greedy");
        strategies[0]!["ips"]!["value"]!.GetValue<double>().Should().BeApproximately(NoActionRetained / 40.0 / 0.25, 1e-5);
        File.Delete(report);
    }

    [Fact]
    public async Task Ope_WithAnUncertaintyPenaltyFromConfig_ValuesTheGreedyRuleWithIt_AndSaysSo()
    {
        // Arrange: outreach's uplift 0.2 has a standard error of 0.2, pin's 0.05 none. With the default λ 0.5 the
        // greedy rule picks outreach (2,880 − 100 − 1,440 > 720 − 100); with λ 2 the penalty (5,760) sinks it and pin wins.
        const string schema = "ope_config";
        await LogDecisionsAsync(schema, acting: 30, none: 10);
        var config = Path.Combine(Path.GetTempPath(), $"ope-settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(config, """{ "ActionPlane": { "Decisioning": { "UncertaintyPenalty": 2 } } }""");
        var report = Path.Combine(Path.GetTempPath(), $"ope-{Guid.NewGuid():N}.json");
        var byDefault = new StringWriter();
        var configured = new StringWriter();

        // Act
        OpeCommand.Run(new OpeArgs(db.ConnectionString, schema, [], null, null, null), byDefault).Should().Be(0);
        OpeCommand.Run(new OpeArgs(db.ConnectionString, schema, [], null, null, report, config), configured).Should().Be(0);

        // Assert: by default greedy agrees with the 30 logged outreach choices (all retained: IPS 30 / 0.75 / 40 = 1);
        // with λ 2 it picks pin, which the log never chose, so IPS has nothing to rest on.
        byDefault.ToString().Should().Contain("greedy rule: UncertaintyPenalty 0.5,").And.Contain("agrees with the log on 30, acts on 40");
        configured.ToString().Should().Contain("greedy rule: UncertaintyPenalty 2,").And.Contain($"from --config {config} and the environment")
            .And.Contain("agrees with the log on 0, acts on 40");
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        json["greedy_settings"]!["uncertainty_penalty"]!.GetValue<double>().Should().Be(2);
        var greedy = json["strategies"]!.AsArray().Single(s => s!["strategy"]!.GetValue<string>() == "greedy")!;
        greedy["ips"]!["value"]!.GetValue<double>().Should().Be(0);
        File.Delete(config);
        File.Delete(report);
    }

    [Fact]
    public void Ope_WithABadSettingInConfig_ExitsNonZeroNamingTheKey()
    {
        var config = Path.Combine(Path.GetTempPath(), $"ope-settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(config, """{ "ActionPlane": { "Decisioning": { "UncertaintyPenalty": "high" } } }""");
        var error = new StringWriter();

        var exit = CliConsole.Guard(error, () => OpeCommand.Run(new OpeArgs(db.ConnectionString, "ope_bad", [], null, null, null, config), new StringWriter()));

        exit.Should().Be(CliConsole.BadInput);
        error.ToString().Should().StartWith("error: ActionPlane:Decisioning:UncertaintyPenalty must be a number between 0 and 100, got 'high'.");
        File.Delete(config);
    }

    [Theory]
    [InlineData("best_guess", null, "--strategy: 'best_guess' is not a strategy")]
    [InlineData("model:uplift/csm_outreach-20200101-1", null, "--strategy: no model 'uplift/csm_outreach-20200101-1'")]
    [InlineData(null, "yesterday", "--from: 'yesterday' is not a date")]
    public void Ope_WithABadOption_ExitsNonZeroNamingTheOption(string? strategy, string? from, string message)
    {
        var error = new StringWriter();

        var exit = CliConsole.Guard(error, () => OpeCommand.Run(new OpeArgs(db.ConnectionString, "ope_bad", strategy is null ? [] : [strategy], from, null, null), new StringWriter()));

        exit.Should().Be(CliConsole.BadInput);
        error.ToString().Should().StartWith("error: " + message);
    }

    private const int NoActionRetained = 6;

    private DocumentStore Store(string schema) =>
        DocumentStore.For(o => ActionPlaneStore.Configure(o, new ActionPlaneEngineOptions { ConnectionString = db.ConnectionString, SchemaName = schema }));

    private async Task LogDecisionsAsync(string schema, int acting, int none)
    {
        using var store = Store(schema);
        await store.Advanced.Clean.CompletelyRemoveAllAsync();
        await using var session = store.LightweightSession();
        var at = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < acting + none; i++)
        {
            var decided = at.AddMinutes(i);
            var account = $"acc-{i}";
            var snapshot = new FeatureSnapshot(account, DateOnly.FromDateTime(decided.UtcDateTime), FeatureBuilder.FeatureNames.ToDictionary(n => n, _ => (double?)0.5));
            var (arm, propensity) = i < acting ? (Arm.Exploit, 0.75) : (Arm.Explore, 0.25);
            var decision = new ArbitrationResult(account, [], arm, propensity, Holdout: false);
            // Both candidates are logged with their values, as the engine traces them; outreach is the one chosen when acting.
            foreach (var (type, uplift, stdError, rank) in new[] { ("csm_outreach", 0.2, 0.2, 1), ("pin_shortcut", 0.05, 0.0, 2) })
            {
                var id = Guid.NewGuid();
                var estimate = new CandidateEstimate(type, uplift, stdError, 14_400m, 100m, -rank);
                var value = ExpectedIncrementalValue.Compute(estimate, new ArbitrationSettings());
                var chosen = i < acting && rank == 1;
                var trace = DecisionTrace.Of(decision, new ArbitratedCandidate(estimate, value, rank, chosen, arm, chosen ? propensity : 0, false, chosen ? null : "not_drawn"),
                    BudgetState.ForWeek(DateOnly.FromDateTime(decided.UtcDateTime), null, null));
                session.Events.StartStream(id, new ActionProposed(id, account, null, type, new JsonObject(), new JsonObject(),
                    new ProposalScores(0.3, 0.1, 14_400m, 100m, value.Expected, uplift, stdError), new ProposalExplanation("Test.", "test", [], "Test.", trace),
                    "churn-test-1", snapshot.Hash(), "system:nba", decided, arm, trace.Propensity, snapshot));
                session.Events.Append(id, new OutcomeObserved(id, "retained", null, "test", decided.AddDays(90), false, "90d"));
            }
            if (i >= acting)
            {
                var id = Guid.NewGuid();
                session.Events.StartStream(id, new NoActionDecided(id, account, Arm.Explore, 0.25, ["csm_outreach", "pin_shortcut"], 0, 0.3, "churn-test-1", snapshot.Hash(), "system:nba", decided, snapshot));
                session.Events.Append(id, new OutcomeObserved(id, i - acting < NoActionRetained ? "retained" : "churned", null, "test", decided.AddDays(90), false, "90d"));
            }
        }
        await session.SaveChangesAsync();
    }
}
