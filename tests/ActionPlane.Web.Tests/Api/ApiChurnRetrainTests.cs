using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Training;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Api;

/// <summary><c>POST /api/models/churn/retrain</c> over HTTP: the admin's, under the retraining lock, trained on the untreated decisions of the log.</summary>
[Collection(AppCollection.Name)]
public sealed class ApiChurnRetrainTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task ChurnRetrain_WithEnoughUntreatedDecisions_Is200WithTheResult_AndWithoutRegisterStoresNoModel()
    {
        // Arrange: 80 untreated, labelled decisions in the app's log (churn follows feature 0).
        using var admin = app.AdminClient();
        await LogUntreatedDecisionsAsync(80);
        var before = await CountModelsAsync(admin);

        // Act
        var response = await admin.PostAsJsonAsync("/api/models/churn/retrain", new { minRows = 50, register = false });

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        run.GetProperty("trigger").GetString().Should().Be(RetrainTriggers.Manual);
        var churn = run.GetProperty("churn");
        churn.GetProperty("rows").GetInt32().Should().BeGreaterThanOrEqualTo(80);
        churn.GetProperty("registered").GetBoolean().Should().BeFalse();
        churn.GetProperty("version").GetString().Should().StartWith("churn-");
        churn.GetProperty("metrics").GetProperty("roc_auc").GetDouble().Should().BeInRange(0, 1);
        (await CountModelsAsync(admin)).Should().Be(before, "register: false trains and reports without storing a model");
    }

    [Fact]
    public async Task ChurnRetrain_WithMinRowsBelowTheFloor_Is400NamingIt_FromACsmIs403_AndWhileTheLockIsHeldIs409()
    {
        using var admin = app.AdminClient();
        using var csm = await app.CsmAsync();
        var before = await CountModelsAsync(admin);
        var store = app.Services.GetRequiredService<Marten.IDocumentStore>();

        var floor = await admin.PostAsJsonAsync("/api/models/churn/retrain", new { minRows = 10 });
        var forbidden = await csm.PostAsJsonAsync("/api/models/churn/retrain", new { });
        HttpResponseMessage busy;
        // The lock a scheduled run (here or on another instance) holds for its whole run.
        await using (var held = await RetrainLock.TryAcquireAsync(store, CancellationToken.None))
        {
            held.Should().NotBeNull();
            busy = await admin.PostAsJsonAsync("/api/models/churn/retrain", new { minRows = 50 });
        }

        await floor.ShouldName400Async("minRows");
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var problem = await busy.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString().Should().Contain("Another retraining run").And.Contain("unchanged");
        (await CountModelsAsync(admin)).Should().Be(before);
    }

    private static async Task<int> CountModelsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/models")).GetArrayLength();

    /// <summary>Proposed, never applied, observed at 90 days: the engine's events, written straight to the app's store.</summary>
    private async Task LogUntreatedDecisionsAsync(int count)
    {
        var store = app.Services.GetRequiredService<Marten.IDocumentStore>();
        await using var session = store.LightweightSession();
        var rng = new Random(21);
        var at = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid();
            var account = $"churn-api-{i}";
            var values = FeatureBuilder.FeatureNames.ToDictionary(n => n, _ => (double?)rng.NextDouble());
            var snapshot = new FeatureSnapshot(account, DateOnly.FromDateTime(at.UtcDateTime), values);
            // Every third decision churns, the rest stay: both classes, deterministically.
            var retained = i % 3 != 0;
            session.Events.StartStream(id,
                new ActionProposed(id, account, null, "csm_outreach", new JsonObject(), new JsonObject { ["category"] = "retention", ["channel"] = "csm_task" },
                    new ProposalScores(0.4, 0.1, 1000m, 75m, 25m), new ProposalExplanation("Test.", "test", [], "Test."),
                    "churn-20260501-1", snapshot.Hash(), "system:nba", at.AddMinutes(i), Arm.Holdout, 1, snapshot),
                new OutcomeObserved(id, retained ? "retained" : "churned", null, "test", at.AddDays(90), false, "90d"));
        }
        await session.SaveChangesAsync();
    }
}
