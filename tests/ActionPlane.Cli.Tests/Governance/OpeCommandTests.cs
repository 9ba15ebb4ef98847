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
        output.ToString().Should().Contain("decisions: 40 usable (10 explored, 10 no action)").And.Contain("no_action: DR").And.Contain("logged: DR").And.Contain("greedy: DR");
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        json["counts"]!["usable"]!.GetValue<int>().Should().Be(40);
        var strategies = json["strategies"]!.AsArray();
        strategies.Select(s => s!["strategy"]!.GetValue<string>()).Should().Equal("no_action", "logged", "greedy");
        strategies[0]!["ips"]!["value"]!.GetValue<double>().Should().BeApproximately(NoActionRetained / 40.0 / 0.25, 1e-5);
        File.Delete(report);
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
            var snapshot = new FeatureSnapshot($"acc-{i}", DateOnly.FromDateTime(decided.UtcDateTime), FeatureBuilder.FeatureNames.ToDictionary(n => n, _ => (double?)0.5));
            var id = Guid.NewGuid();
            if (i < acting)
            {
                session.Events.StartStream(id, new ActionProposed(id, $"acc-{i}", null, "csm_outreach", new JsonObject(), new JsonObject(),
                    new ProposalScores(0.3, 0.1, 1000m, 75m, 25m), new ProposalExplanation("Test.", "test", [], "Test."), "churn-test-1", snapshot.Hash(), "system:nba", decided,
                    Arm.Exploit, 0.75, snapshot));
                session.Events.Append(id, new OutcomeObserved(id, "retained", null, "test", decided.AddDays(90), false, "90d"));
            }
            else
            {
                session.Events.StartStream(id, new NoActionDecided(id, $"acc-{i}", Arm.Explore, 0.25, ["csm_outreach"], 0, 0.3, "churn-test-1", snapshot.Hash(), "system:nba", decided, snapshot));
                session.Events.Append(id, new OutcomeObserved(id, i - acting < NoActionRetained ? "retained" : "churned", null, "test", decided.AddDays(90), false, "90d"));
            }
        }
        await session.SaveChangesAsync();
    }
}
