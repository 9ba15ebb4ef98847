using System.Text.Json.Nodes;
using ActionPlane.Cli.Train;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using Marten;

namespace ActionPlane.Cli.Tests.Train;

/// <summary><c>actionplane train churn-from-log</c> against a real PostgreSQL event store.</summary>
public sealed class ChurnFromLogCommandTests(RegistryDatabase db) : IClassFixture<RegistryDatabase>
{
    [Fact]
    public async Task ChurnFromLog_WithUntreatedLabelledDecisions_RegistersAChurnChallenger_AndWritesTheReport()
    {
        // Arrange: 200 untreated decisions of two candidates each, 40 treated ones.
        const string schema = "churnlog_ok";
        await LogDecisionsAsync(schema, untreated: 200, treated: 40);
        var report = Path.Combine(Path.GetTempPath(), $"churnlog-{Guid.NewGuid():N}.json");
        var output = new StringWriter();

        // Act
        var exit = ChurnFromLogCommand.Run(new ChurnFromLogArgs(db.ConnectionString, schema, 100, 3, Register: true, report), output, new StringWriter());

        // Assert
        exit.Should().Be(0, output.ToString());
        output.ToString().Should().Contain("churn: registered challenger churn-").And.Contain("on 200 untreated decisions").And.Contain("left out 40 treated decisions, merged 200 further candidate rows");
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        json["rows"]!.GetValue<int>().Should().Be(200);
        json["treated_decisions_left_out"]!.GetValue<int>().Should().Be(40);
        json["labelled_rows"]!.GetValue<int>().Should().Be(480);
        json["metrics"]!["roc_auc"].Should().NotBeNull();
        using var store = Store(schema);
        var versions = await new Engine.Models.ModelRegistry(store).ListAsync("churn");
        versions.Should().ContainSingle().Which.Should().Match<Engine.Models.ModelArtifact>(a => !a.IsChampion && a.TrainingExamples == 200 && a.Version == json["version"]!.GetValue<string>());
        File.Delete(report);
    }

    [Fact]
    public async Task ChurnFromLog_WithTooFewRows_ExitsWithAnErrorNamingTheCounts_AndRegistersNothing()
    {
        const string schema = "churnlog_few";
        await LogDecisionsAsync(schema, untreated: 60, treated: 5);
        var error = new StringWriter();

        var exit = ChurnFromLogCommand.Run(new ChurnFromLogArgs(db.ConnectionString, schema, 100, 3, Register: true, null), new StringWriter(), error);
        var floor = () => ChurnFromLogCommand.Run(new ChurnFromLogArgs(db.ConnectionString, schema, 10, 3, Register: true, null), new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain("60 untreated labelled account-decisions").And.Contain("5 treated decisions left out").And.Contain("at least 100").And.Contain("registry is unchanged");
        floor.Should().Throw<ArgumentException>().WithMessage("--min-rows: at least 50*");
        using var store = Store(schema);
        (await new Engine.Models.ModelRegistry(store).ListAsync()).Should().BeEmpty();
    }

    private DocumentStore Store(string schema) =>
        DocumentStore.For(o => ActionPlaneStore.Configure(o, new ActionPlaneEngineOptions { ConnectionString = db.ConnectionString, SchemaName = schema }));

    /// <summary>Each decision: outreach (chosen) and a pinned shortcut (alternative) for one account at one moment, both observed; churn follows feature 0.</summary>
    private async Task LogDecisionsAsync(string schema, int untreated, int treated)
    {
        using var store = Store(schema);
        await using var session = store.LightweightSession();
        var rng = new Random(13);
        var at = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < untreated + treated; i++)
        {
            var decided = at.AddMinutes(i);
            var values = FeatureBuilder.FeatureNames.ToDictionary(n => n, _ => (double?)rng.NextDouble());
            var snapshot = new FeatureSnapshot($"acc-{i}", DateOnly.FromDateTime(decided.UtcDateTime), values);
            var isTreated = i >= untreated;
            var retained = isTreated || rng.NextDouble() >= 1 / (1 + Math.Exp(-8 * (values[FeatureBuilder.FeatureNames[0]]!.Value - 0.6)));
            foreach (var (type, chosen) in new[] { ("csm_outreach", true), ("pin_shortcut", false) })
            {
                var id = Guid.NewGuid();
                session.Events.StartStream(id,
                    new ActionProposed(id, $"acc-{i}", null, type, new JsonObject(), new JsonObject { ["category"] = "retention", ["channel"] = "csm_task" },
                        new ProposalScores(0.4, 0.1, 1000m, 75m, 25m), new ProposalExplanation("Test.", "test", [], "Test."),
                        "churn-20260601-1", snapshot.Hash(), "system:nba", decided, Arm.Exploit, chosen ? 0.9 : 0, snapshot),
                    new OutcomeObserved(id, retained ? "retained" : "churned", null, "test", decided.AddDays(90), isTreated && chosen, "90d"));
            }
        }
        await session.SaveChangesAsync();
    }
}
