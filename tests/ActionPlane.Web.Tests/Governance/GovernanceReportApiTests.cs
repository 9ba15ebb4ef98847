using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Governance;

[Collection(AppCollection.Name)]
public sealed class GovernanceReportApiTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Parity_AfterAnAppliedAction_ReachesAGroup_InEveryDimension()
    {
        await GovernanceArrange.ApplyAnyAllowedAsync(app.Services);
        using var reviewer = await app.ReviewerAsync();

        var report = await reviewer.GetFromJsonAsync<JsonElement>("/api/governance/parity");

        var dimensions = report.GetProperty("dimensions").EnumerateArray().ToList();
        dimensions.Select(d => d.GetProperty("name").GetString()).Should().Equal("plan", "region", "arr_band");
        foreach (var dimension in dimensions)
        {
            var groups = dimension.GetProperty("groups").EnumerateArray().ToList();
            groups.Sum(g => g.GetProperty("accounts").GetInt32()).Should().BePositive();
            groups.Should().Contain(g => g.GetProperty("accountsReached").GetInt32() > 0);
            groups.Where(g => g.GetProperty("accountsReached").GetInt32() > 0).Should().OnlyContain(g => g.GetProperty("exposureRatio").GetDouble() > 0);
        }
        report.GetProperty("threshold").GetDouble().Should().Be(0.8);
    }

    [Fact]
    public async Task Metrics_AfterAnAppliedAction_HasAWeekRowForItsType_WithAcceptance()
    {
        var actionType = await GovernanceArrange.ApplyAnyAllowedAsync(app.Services);
        using var reviewer = await app.ReviewerAsync();

        var rows = (await reviewer.GetFromJsonAsync<JsonElement>($"/api/governance/metrics?actionType={actionType}")).EnumerateArray().ToList();

        rows.Should().NotBeEmpty().And.OnlyContain(r => r.GetProperty("actionType").GetString() == actionType);
        rows.Should().Contain(r => r.GetProperty("applied").GetInt32() > 0 && r.GetProperty("acceptanceRate").GetDouble() > 0);
        rows.Select(r => r.GetProperty("week").GetString()).Should().OnlyContain(w => w!.Contains("-W"));
    }

    [Fact]
    public async Task Reports_NameTheBadParameter_AndAreForReviewersOnly()
    {
        using var reviewer = await app.ReviewerAsync();
        using var csm = await app.CsmAsync();

        var badFrom = await reviewer.GetAsync("/api/governance/parity?from=yesterday");
        var badThreshold = await reviewer.GetAsync("/api/governance/parity?threshold=2");
        var reversed = await reviewer.GetAsync("/api/governance/metrics?from=2026-12-01&to=2026-11-01");
        var forbidden = await csm.GetAsync("/api/governance/parity");
        var anonymous = await app.CreateClient().GetAsync("/api/governance/metrics");

        (await badFrom.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().Should().Be("from");
        (await badThreshold.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().Should().Be("threshold");
        reversed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
