using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Governance;

/// <summary><c>GET /api/governance/ope</c> on the shared app: its shape on the demo tenant, and bad input named by field.</summary>
[Collection(AppCollection.Name)]
public sealed class OffPolicyApiTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Ope_ReportsEachDefaultStrategy_OrSaysWhyThereIsNothingToEstimate()
    {
        using var reviewer = await app.ReviewerAsync();

        var report = await reviewer.GetFromJsonAsync<JsonElement>("/api/governance/ope");

        report.GetProperty("greedySettings").GetProperty("uncertaintyPenalty").GetDouble().Should().Be(0.5, "the shared app runs with the default λ");
        var counts = report.GetProperty("counts");
        var usable = counts.GetProperty("usable").GetInt32();
        var strategies = report.GetProperty("strategies").EnumerateArray().ToList();
        if (usable == 0)
        {
            strategies.Should().BeEmpty();
            report.GetProperty("notEnoughBecause").GetString().Should().StartWith("Not enough labelled explored decisions yet");
        }
        else
        {
            strategies.Select(s => s.GetProperty("strategy").GetString()).Should().Equal("no_action", "logged", "greedy");
            strategies.Should().OnlyContain(s => s.GetProperty("dr").GetProperty("count").GetInt32() == usable);
        }
    }

    [Theory]
    [InlineData("/api/governance/ope?strategy=best_guess", "strategy")]
    [InlineData("/api/governance/ope?strategy=model:uplift/no_such-20200101-1", "strategy")]
    [InlineData("/api/governance/ope?from=yesterday", "from")]
    [InlineData("/api/governance/ope?from=2026-12-01&to=2026-11-01", "to")]
    public async Task Ope_WithBadInput_Is400NamingTheField(string path, string field)
    {
        using var reviewer = await app.ReviewerAsync();

        var response = await reviewer.GetAsync(path);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("field").GetString().Should().Be(field);
        problem.GetProperty("detail").GetString().Should().StartWith(field + ":");
    }
}
