using System.Globalization;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Auth;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Infrastructure;

/// <summary>Arranges state through the app's own Engine services (the same ones the UI and API call).</summary>
public static class DemoArrange
{
    public static Actor Csm { get; } = DemoUsers.Csm.ToPrincipal("test").ToActor();

    /// <summary>Proposes and applies an in-app nudge for the demo end user, visible right away.</summary>
    public static async Task<(Guid ProposalId, string Message)> ApplyNudgeForDemoEndUserAsync(IServiceProvider services, string message)
    {
        var payload = new JsonObject
        {
            ["user_id"] = DemoTenantSeeder.DemoEndUserId,
            ["channel"] = "in_app",
            ["category"] = "adoption",
            ["message"] = message,
            ["send_at"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["reason"] = "Teams like yours save an hour a week with automations.",
        };
        return (await ApplyForDemoEndUserAsync(services, "schedule_nudge", payload), message);
    }

    /// <summary>The account the demo end user belongs to (a high-risk one).</summary>
    public static async Task<string> DemoEndUserAccountAsync(IServiceProvider services)
    {
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.LoadAsync<EndUser>(DemoTenantSeeder.DemoEndUserId))!.AccountId;
    }

    /// <summary>The name the CSM console shows for the demo end user's account.</summary>
    public static async Task<string> DemoEndUserAccountNameAsync(IServiceProvider services)
    {
        var accountId = await DemoEndUserAccountAsync(services);
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.LoadAsync<Account>(accountId))!.Name;
    }

    /// <summary>Proposes <paramref name="actionType"/> for the demo end user's account as the CSM and applies it.</summary>
    public static async Task<Guid> ApplyForDemoEndUserAsync(IServiceProvider services, string actionType, JsonObject payload)
    {
        var accountId = await DemoEndUserAccountAsync(services);
        var proposal = await services.GetRequiredService<NextBestActionEngine>().ProposeActionAsync(accountId, actionType, payload, Csm);
        proposal.Allowed.Should().BeTrue($"the gate should allow the arranged {actionType}: {string.Join("; ", proposal.Deny.Select(d => d.Message))}");
        await services.GetRequiredService<ActionApplier>().ApplyAsync(proposal.ProposalId, Guid.NewGuid().ToString("N"), Csm);
        return proposal.ProposalId;
    }
}
