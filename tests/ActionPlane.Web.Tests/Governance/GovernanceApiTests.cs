using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Policies;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Governance;

[Collection(AppCollection.Name)]
public sealed class GovernanceApiTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Policies_ListsTheActiveBundlesFilesWithSource_UnderTheEnginesRevision()
    {
        using var reviewer = await app.ReviewerAsync();

        var bundle = await reviewer.GetFromJsonAsync<JsonElement>("/api/policies");

        var revision = app.Services.GetRequiredService<IPolicyEngine>().Revision;
        bundle.GetProperty("revision").GetString().Should().Be(revision);
        bundle.GetProperty("engineRevision").GetString().Should().Be(revision);
        var files = bundle.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f);
        files.Should().ContainKey("actionplane/gate/gate.rego").And.ContainKey("data.json");
        files["actionplane/gate/gate.rego"].GetProperty("source").GetString().Should().Contain("package actionplane.gate");
        files["actionplane/gate/gate_test.rego"].GetProperty("isTest").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task PolicyTests_RunsTheBundlesRegoTests_AndTheyAllPass()
    {
        using var reviewer = await app.ReviewerAsync();

        var summary = await reviewer.GetFromJsonAsync<JsonElement>("/api/policies/tests");

        var tests = summary.GetProperty("tests").EnumerateArray().ToList();
        tests.Should().NotBeEmpty();
        summary.GetProperty("passed").GetInt32().Should().Be(tests.Count(t => t.GetProperty("passed").GetBoolean()));
        summary.GetProperty("failed").GetInt32().Should().Be(0, string.Join("; ", tests.Where(t => !t.GetProperty("passed").GetBoolean()).Select(t => t.ToString())));
        tests.Select(t => t.GetProperty("name").GetString()).Should().Contain(n => n!.StartsWith("data.actionplane.gate_test.test_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Models_ListsTheDemoChurnChampion_WithMetricsCardAndWindow_ButNoBytes()
    {
        using var admin = app.AdminClient();

        var response = await admin.GetAsync("/api/models");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var models = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        var champion = models.Should().ContainSingle(m => m.GetProperty("kind").GetString() == "churn" && m.GetProperty("isChampion").GetBoolean()).Subject;
        champion.GetProperty("metrics").GetProperty("roc_auc").GetDouble().Should().BeInRange(0, 1);
        champion.GetProperty("modelCard").GetString().Should().Contain(champion.GetProperty("version").GetString());
        champion.GetProperty("features").GetArrayLength().Should().BePositive();
        champion.GetProperty("trainingWindow").GetProperty("featuresAsOf").GetString().Should().NotBeNullOrEmpty();
        champion.TryGetProperty("bytes", out _).Should().BeFalse();
    }
}
