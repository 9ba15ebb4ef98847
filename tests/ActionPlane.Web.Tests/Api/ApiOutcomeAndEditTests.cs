using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Api;

/// <summary><c>POST /api/outcomes</c> (ingestion) and <c>PUT /api/proposals/{id}/payload</c> (edit) over HTTP.</summary>
[Collection(AppCollection.Name)]
public sealed class ApiOutcomeAndEditTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Outcome_FromAnAdmin_IsRecordedOnTheProposalsTrail()
    {
        using var csm = await app.CsmAsync();
        var (_, proposal) = await app.FindApplicableAsync(csm);
        var id = proposal.GetProperty("id").GetString()!;
        using var admin = app.AdminClient();

        var response = await admin.PostAsJsonAsync("/api/outcomes", new { proposalId = id, outcome = "retained", value = 1200 });

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        (await csm.TrailTypesAsync(id)).Should().EndWith("OutcomeObserved");
    }

    [Fact]
    public async Task Outcome_WithUnknownOutcome_Is400NamingTheField_AndFromACsmIs403()
    {
        using var csm = await app.CsmAsync();
        using var admin = app.AdminClient();

        var bad = await admin.PostAsJsonAsync("/api/outcomes", new { proposalId = Guid.NewGuid(), outcome = "happy" });
        var forbidden = await csm.PostAsJsonAsync("/api/outcomes", new { proposalId = Guid.NewGuid(), outcome = "retained" });
        var missing = await admin.PostAsJsonAsync("/api/outcomes", new { proposalId = Guid.NewGuid(), outcome = "retained" });

        await bad.ShouldName400Async("outcome");
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EditPayload_WithSchemaErrors_Is422_AndAValidEditIsRegated()
    {
        using var csm = await app.CsmAsync();
        var (_, proposal) = await app.FindApplicableAsync(csm);
        var id = proposal.GetProperty("id").GetString()!;
        var before = await csm.TrailLengthAsync(id);
        var payload = JsonNode.Parse(proposal.GetProperty("payload").GetRawText())!.AsObject();

        var invalid = await csm.PutAsJsonAsync($"/api/proposals/{id}/payload", new { payload = new JsonObject { ["nonsense"] = true } });
        var afterInvalid = await csm.TrailLengthAsync(id);
        var valid = await csm.PutAsJsonAsync($"/api/proposals/{id}/payload", new { payload });

        await invalid.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        afterInvalid.Should().Be(before, "a refused edit changes nothing");
        valid.StatusCode.Should().Be(HttpStatusCode.OK, await valid.Content.ReadAsStringAsync());
        (await valid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetBoolean().Should().BeFalse("the same payload is no edit");
    }
}
