using ActionPlane.Engine.Lifecycle;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Features;

/// <summary>
/// The gate's verdict on many proposals at once (the approvals page and the CSM console share it), over the app's real
/// database: the same inputs as one build per proposal, from one round trip.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class GatePreviewTests(ActionPlaneAppFixture app)
{
    [Theory]
    [InlineData("approve")]
    [InlineData("apply")]
    public async Task BuildMany_GivesEachProposalTheInputItsOwnBuildGives(string operation)
    {
        var proposals = await OpenProposalsAsync();
        var builder = app.Services.GetRequiredService<PolicyInputBuilder>();
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();

        var many = await builder.BuildManyAsync(session, proposals, operation, DemoArrange.Csm, default);

        many.Keys.Should().BeEquivalentTo(proposals.Select(p => p.Id));
        foreach (var p in proposals)
        {
            var one = await builder.BuildAsync(session, GateSubject.Of(p), operation, DemoArrange.Csm, p.Approvals, default);
            WithoutClock(many[p.Id]).Should().Be(WithoutClock(one), $"proposal {p.Id} ({p.ActionType} for {p.AccountId}, user {p.UserId})");
        }
    }

    // Regression: the CSM console gated a former customer's cards with one input load per card.
    [Fact]
    public async Task Preview_LoadsTheInputsOfEveryProposal_InOneRoundTrip()
    {
        var proposals = await OpenProposalsAsync();
        var gate = app.Services.GetRequiredService<PolicyGate>();
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();

        var verdicts = await gate.PreviewAsync(session, proposals, "approve", DemoArrange.Csm, default);

        verdicts.Should().HaveCount(proposals.Count);
        session.RequestCount.Should().Be(1);
    }

    /// <summary>
    /// Open proposals on at least two accounts, some aimed at a user, one account with an applied action (history to
    /// count): arranged discounts, a nudge and an applied suggestion whose alternatives stay open, plus whatever else is open.
    /// </summary>
    private async Task<IReadOnlyList<ActionLifecycle>> OpenProposalsAsync()
    {
        using var csm = await app.CsmAsync();
        var (withHistory, applicable) = await app.FindApplicableAsync(csm);
        (await csm.ApplyAsync(applicable.GetProperty("id").GetString()!, Guid.NewGuid().ToString("N"))).EnsureSuccessStatusCode();
        await app.ProposeDiscountAsync(csm);
        await app.ProposeDiscountAsync(csm);
        await app.ProposeNudgeForUnclaimedUserAsync(csm, "Gate preview test");
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var open = await session.Query<ActionLifecycle>()
            .Where(p => p.Status == ActionStatus.Allowed || p.Status == ActionStatus.AwaitingApproval || p.Status == ActionStatus.Approved)
            .ToListAsync();
        open.Select(p => p.AccountId).Distinct().Should().HaveCountGreaterThan(1);
        open.Should().Contain(p => p.UserId != null, "user-aimed proposals read the user and their suppressions");
        open.Should().Contain(p => p.AccountId == withHistory.GetProperty("id").GetString(), "the applied action's alternatives stay open");
        return open;
    }

    // Both builds read the clock; a second may pass between them.
    private static string WithoutClock(System.Text.Json.Nodes.JsonObject input)
    {
        var copy = input.DeepClone().AsObject();
        copy["environment"]!.AsObject().Remove("now");
        return copy.ToJsonString();
    }
}
