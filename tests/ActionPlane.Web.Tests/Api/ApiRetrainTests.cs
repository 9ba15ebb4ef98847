using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Api;

/// <summary><c>POST /api/models/uplift/retrain</c> over HTTP: retraining from the log is the admin's, and bad requests change nothing.</summary>
[Collection(AppCollection.Name)]
public sealed class ApiRetrainTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Retrain_WithTooFewLabelledRows_Is422NamingTheActionAndCounts_AndLeavesTheRegistryAsItWas()
    {
        using var admin = app.AdminClient();
        var before = await CountModelsAsync(admin);

        var response = await admin.PostAsJsonAsync("/api/models/uplift/retrain", new { actionTypes = new[] { "csm_outreach" }, minRowsPerArm = 100_000 });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var detail = problem.GetProperty("detail").GetString();
        detail.Should().MatchRegex(@"csm_outreach: \d+ treated and \d+ control labelled rows; each arm needs at least 100000");
        (await CountModelsAsync(admin)).Should().Be(before);
    }

    [Fact]
    public async Task Retrain_WithABadField_Is400NamingIt_AndFromACsmIs403()
    {
        using var admin = app.AdminClient();
        using var csm = await app.CsmAsync();

        var unknown = await admin.PostAsJsonAsync("/api/models/uplift/retrain", new { actionTypes = new[] { "teleport" } });
        var tooFew = await admin.PostAsJsonAsync("/api/models/uplift/retrain", new { minRowsPerArm = 3 });
        var forbidden = await csm.PostAsJsonAsync("/api/models/uplift/retrain", new { });

        await unknown.ShouldName400Async("actionTypes");
        await tooFew.ShouldName400Async("minRowsPerArm");
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Retrain_WhileAnotherRunHoldsTheRetrainingLock_Is409_AndLeavesTheRegistryAsItWas()
    {
        using var admin = app.AdminClient();
        var before = await CountModelsAsync(admin);
        var store = app.Services.GetRequiredService<Marten.IDocumentStore>();

        HttpResponseMessage response;
        // The lock a scheduled run (here or on another instance) holds for its whole run.
        await using (var held = await ActionPlane.Engine.Training.RetrainLock.TryAcquireAsync(store, CancellationToken.None))
        {
            held.Should().NotBeNull();
            response = await admin.PostAsJsonAsync("/api/models/uplift/retrain", new { });
        }

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString().Should().Contain("Another retraining run").And.Contain("unchanged");
        (await CountModelsAsync(admin)).Should().Be(before);
    }

    private static async Task<int> CountModelsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/models")).GetArrayLength();
}
