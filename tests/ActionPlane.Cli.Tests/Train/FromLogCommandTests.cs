using System.Text.Json.Nodes;
using ActionPlane.Cli.Train;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using Marten;

namespace ActionPlane.Cli.Tests.Train;

/// <summary><c>actionplane train uplift-from-log</c> against a real PostgreSQL event store.</summary>
public sealed class FromLogCommandTests(RegistryDatabase db) : IClassFixture<RegistryDatabase>
{
    [Fact]
    public async Task FromLog_WithLoggedDecisionsAndOutcomes_RegistersAnUpliftChallenger_AndWritesTheReport()
    {
        // Arrange: 240 logged outreach decisions (explored with propensity 0.5, or held out) whose outcomes were observed.
        const string schema = "fromlog_ok";
        await LogDecisionsAsync(schema, 240);
        var report = Path.Combine(Path.GetTempPath(), $"fromlog-{Guid.NewGuid():N}.json");
        var output = new StringWriter();

        // Act
        var exit = FromLogCommand.Run(new FromLogArgs(db.ConnectionString, schema, ["csm_outreach"], 30, 3, Register: true, report), output, new StringWriter());

        // Assert
        exit.Should().Be(0, output.ToString());
        output.ToString().Should().Contain("csm_outreach: registered challenger uplift/csm_outreach-");
        var json = JsonNode.Parse(File.ReadAllText(report))!["actions"]![0]!;
        json["treated"]!.GetValue<int>().Should().BeInRange(80, 160);
        json["metrics"]!["ope_snips_challenger"].Should().NotBeNull();
        json["metrics"]!["logged_propensity_rows"]!.GetValue<double>().Should().Be(json["treated"]!.GetValue<int>(), "treated explore rows carry their logged propensity");
        using var store = Store(schema);
        var versions = await new Engine.Models.ModelRegistry(store).ListAsync("uplift/csm_outreach");
        versions.Should().ContainSingle().Which.IsChampion.Should().BeFalse();
        File.Delete(report);
    }

    [Fact]
    public void FromLog_WithoutLabelledDecisions_ExitsWithAClearError_AndRegistersNothing()
    {
        var error = new StringWriter();

        var exit = FromLogCommand.Run(new FromLogArgs(db.ConnectionString, "fromlog_empty", [], 30, 3, Register: true, null), new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain("No labelled decisions").And.Contain("registry is unchanged");
    }

    private DocumentStore Store(string schema) =>
        DocumentStore.For(o => ActionPlaneStore.Configure(o, new ActionPlaneEngineOptions { ConnectionString = db.ConnectionString, SchemaName = schema }));

    /// <summary>Appends ActionProposed (with decision-time features) and OutcomeObserved streams; outreach helps where feature 0 is high.</summary>
    private async Task LogDecisionsAsync(string schema, int count)
    {
        using var store = Store(schema);
        await using var session = store.LightweightSession();
        var rng = new Random(11);
        var at = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid();
            var values = FeatureBuilder.FeatureNames.ToDictionary(n => n, _ => (double?)rng.NextDouble());
            var snapshot = new FeatureSnapshot($"acc-{i}", DateOnly.FromDateTime(at.UtcDateTime), values);
            var treated = rng.NextDouble() < 0.5;
            var retained = rng.NextDouble() < 0.5 + (treated ? 0.4 * values[FeatureBuilder.FeatureNames[0]]!.Value : 0);
            session.Events.StartStream(id,
                new ActionProposed(id, $"acc-{i}", null, "csm_outreach", new JsonObject(), new JsonObject { ["category"] = "retention", ["channel"] = "csm_task" },
                    new ProposalScores(0.4, 0.1, 1000m, 75m, 25m), new ProposalExplanation("Outreach.", "usage fell", [], "A CSM will reach out."),
                    "churn-20260601-1", snapshot.Hash(), "system:nba", at, treated ? Arm.Explore : Arm.Holdout, treated ? 0.5 : 1, snapshot),
                new OutcomeObserved(id, retained ? "retained" : "churned", null, "test", at.AddDays(90), treated, "90d"));
        }
        await session.SaveChangesAsync();
    }
}
