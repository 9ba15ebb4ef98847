using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Governance;

[Collection(AppCollection.Name)]
public sealed class DriftApiTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Drift_OfTheDemoChampion_HasPsiForEveryFeature_AndTheTrainingReliabilityCurve()
    {
        using var reviewer = await app.ReviewerAsync();
        var models = await reviewer.GetFromJsonAsync<JsonElement>("/api/models");
        var champion = models.EnumerateArray().Single(m => m.GetProperty("kind").GetString() == "churn" && m.GetProperty("isChampion").GetBoolean());
        var version = champion.GetProperty("version").GetString();

        var drift = await reviewer.GetFromJsonAsync<JsonElement>($"/api/models/{version}/drift");

        drift.GetProperty("hasBaseline").GetBoolean().Should().BeTrue();
        drift.GetProperty("scoredAccounts").GetInt32().Should().BePositive();
        var features = drift.GetProperty("features").EnumerateArray().ToList();
        features.Select(f => f.GetProperty("feature").GetString()).Should().BeEquivalentTo(champion.GetProperty("features").EnumerateArray().Select(f => f.GetString()));
        features.Should().OnlyContain(f => f.GetProperty("psi").GetDouble() >= 0 && new[] { "stable", "moderate", "significant" }.Contains(f.GetProperty("band").GetString()));
        features.Select(f => f.GetProperty("psi").GetDouble()).Should().BeInDescendingOrder();
        drift.GetProperty("trainingCalibration").GetProperty("count").GetInt32().Should().BePositive();
        drift.GetProperty("weekly").ValueKind.Should().Be(JsonValueKind.Array);
        var recent = drift.GetProperty("recentAuc");
        recent.GetProperty("weeks").GetInt32().Should().Be(4);
        recent.GetProperty("trainingRocAuc").GetDouble().Should().Be(champion.GetProperty("metrics").GetProperty("roc_auc").GetDouble());
        drift.TryGetProperty("aucDrop", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Drift_OfAnUnknownVersion_Is404_AndCsmsMayNotReadIt()
    {
        using var reviewer = await app.ReviewerAsync();
        using var csm = await app.CsmAsync();

        var unknown = await reviewer.GetAsync("/api/models/churn-19990101-1/drift");
        var forbidden = await csm.GetAsync("/api/models/churn-19990101-1/drift");
        var anonymous = await app.CreateClient().GetAsync("/api/models/churn-19990101-1/drift");

        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync()).Should().Contain("churn-19990101-1");
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
