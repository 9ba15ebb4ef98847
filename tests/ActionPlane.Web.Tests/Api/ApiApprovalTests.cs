using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Api;

/// <summary>Maker-checker for consequential actions (offer_discount) through HTTP.</summary>
[Collection(AppCollection.Name)]
public sealed class ApiApprovalTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Approve_ByTheProposer_Is403_AndRecordsNoApproval()
    {
        // The demo approver also holds the csm role, so they can propose; approving their own proposal is refused.
        using var approver = await app.ApproverAsync();
        var (_, proposal) = await app.ProposeDiscountAsync(approver);
        var id = proposal.GetProperty("id").GetString()!;
        var trail = await approver.TrailLengthAsync(id);

        var response = await approver.PostAsync($"/api/proposals/{id}/approve", null);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("detail").GetString().Should().Contain("maker-checker");
        (await approver.TrailLengthAsync(id)).Should().Be(trail);
    }

    [Fact]
    public async Task ConsequentialAction_IsRefusedUntilApproved_ThenApplies_AndTheRecordNamesTheApprover()
    {
        using var csm = await app.CsmAsync();
        using var approver = await app.ApproverAsync();
        var (_, proposal) = await app.ProposeDiscountAsync(csm);
        var id = proposal.GetProperty("id").GetString()!;
        proposal.GetProperty("policyDecision").GetProperty("requires_approval").GetBoolean().Should().BeTrue();

        var early = await csm.ApplyAsync(id, Guid.NewGuid().ToString("N"));
        var byCsm = await csm.PostAsync($"/api/proposals/{id}/approve", null);
        var requested = await csm.PostAsync($"/api/proposals/{id}/request-approval", null);
        var approved = await approver.PostAsJsonAsync($"/api/proposals/{id}/approve", new { note = "Within the renewal playbook." });
        var applied = await csm.ApplyAsync(id, Guid.NewGuid().ToString("N"));

        var refusal = await early.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        refusal.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).Should().Contain(r => r!.StartsWith("approval.missing"));
        await byCsm.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        requested.StatusCode.Should().Be(HttpStatusCode.OK, await requested.Content.ReadAsStringAsync());
        (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("awaiting_approval");
        approved.StatusCode.Should().Be(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("approved");
        applied.StatusCode.Should().Be(HttpStatusCode.OK, await applied.Content.ReadAsStringAsync());
        var record = await csm.RecordAsync(id);
        record.GetProperty("approvedBy").GetString().Should().Be("approver@demo.local");
        record.GetProperty("appliedBy").GetString().Should().Be("csm@demo.local");
        record.GetProperty("trail").EnumerateArray().Select(e => e.GetProperty("type").GetString())
            .Should().ContainInOrder("ApprovalRequested", "ActionApproved", "ActionApplied");
    }

    [Fact]
    public async Task Reject_WithoutReason_Is400NamingReason_AndWithReason_ClosesTheProposal()
    {
        using var csm = await app.CsmAsync();
        using var approver = await app.ApproverAsync();
        var (_, proposal) = await app.ProposeDiscountAsync(csm);
        var id = proposal.GetProperty("id").GetString()!;

        var missing = await approver.PostAsJsonAsync($"/api/proposals/{id}/reject", new { });
        var rejected = await approver.PostAsJsonAsync($"/api/proposals/{id}/reject", new { reason = "Discount budget is spent this quarter." });
        var apply = await csm.ApplyAsync(id, Guid.NewGuid().ToString("N"));

        await missing.ShouldName400Async("reason");
        rejected.StatusCode.Should().Be(HttpStatusCode.OK, await rejected.Content.ReadAsStringAsync());
        (await rejected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("rejected");
        await apply.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Approve_ANonConsequentialAction_Is422_SayingItNeedsNoApproval()
    {
        using var csm = await app.CsmAsync();
        using var approver = await app.ApproverAsync();
        var (_, proposal) = await app.FindApplicableAsync(csm);

        var response = await approver.PostAsync($"/api/proposals/{proposal.GetProperty("id").GetString()}/approve", null);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().Should().Contain("needs no approval");
    }

    /// <summary>A small (5 %) discount on a medium- or high-risk account well before renewal, allowed pending approval.</summary>
}
