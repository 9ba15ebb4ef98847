using System.Text.Json.Nodes;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Proposals;
using ActionPlane.Policies;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Infrastructure;

/// <summary>Arranges replay scenarios through the app's own services: a recorded discount decision and a stored revision that caps discounts lower.</summary>
public static class GovernanceArrange
{
    /// <summary>Proposes a 20 % discount for the demo end user's account (decided under the active revision).</summary>
    public static async Task<ProposalView> ProposeDiscountAsync(IServiceProvider services)
    {
        var accountId = await DemoArrange.DemoEndUserAccountAsync(services);
        return await services.GetRequiredService<NextBestActionEngine>().ProposeActionAsync(accountId, "offer_discount", new JsonObject
        {
            ["account_id"] = accountId,
            ["percent"] = 20,
            ["months"] = 3,
            ["reason"] = "Replay test",
        }, DemoArrange.Csm);
    }

    /// <summary>
    /// Applies the first suggestion the gate allows without approval on any demo account (so caps and
    /// cooldowns left by other tests do not matter); returns its action type.
    /// </summary>
    public static async Task<string> ApplyAnyAllowedAsync(IServiceProvider services)
    {
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        var accounts = await session.Query<Account>().Select(a => a.Id).ToListAsync();
        var engine = services.GetRequiredService<NextBestActionEngine>();
        foreach (var accountId in accounts.Order(StringComparer.Ordinal))
        {
            var batch = await engine.ProposeAsync(accountId, DemoArrange.Csm);
            if (batch.Proposals.FirstOrDefault(p => p.Allowed && !p.RequiresApproval) is { } proposal)
            {
                try
                {
                    await services.GetRequiredService<ActionApplier>().ApplyAsync(proposal.ProposalId, Guid.NewGuid().ToString("N"), DemoArrange.Csm);
                    return proposal.ActionType;
                }
                catch (ActionPlane.Engine.Lifecycle.LifecycleException)
                {
                    // Apply re-checks caps that earlier tests' applies have since filled (e.g. 3 nudges a week per user): try the next account.
                }
            }
        }
        throw new InvalidOperationException("No demo account has a suggestion the gate allows without approval.");
    }

    /// <summary>
    /// Stores a revision like the active one but with <c>discount_max_percent</c> 15 (as if the bundle
    /// had been edited and reloaded); returns its revision and the active one.
    /// </summary>
    public static Task<(string Active, string LowerCap)> StoreLowerDiscountCapRevisionAsync(IServiceProvider services) =>
        StoreEditedRevisionAsync(services, "data.json", "\"discount_max_percent\": 30", "\"discount_max_percent\": 15");

    /// <summary>
    /// Stores a revision like the active one but whose gate knows only propose, apply and undo, as every revision before
    /// session 13 (which added approve); returns its revision and the active one.
    /// </summary>
    public static Task<(string Active, string BeforeApprove)> StoreRevisionWithoutApproveAsync(IServiceProvider services) =>
        StoreEditedRevisionAsync(services, "actionplane/gate/gate.rego",
            "operations := {\"propose\", \"approve\", \"apply\", \"undo\"}", "operations := {\"propose\", \"apply\", \"undo\"}");

    private static async Task<(string Active, string Edited)> StoreEditedRevisionAsync(IServiceProvider services, string file, string from, string to)
    {
        var store = services.GetRequiredService<PolicyRevisionStore>();
        var active = services.GetRequiredService<IPolicyEngine>().Revision;
        var stored = await store.LoadAsync(active) ?? throw new InvalidOperationException($"The active revision {active} was not stored at start-up.");
        var files = stored.Files.ToDictionary();
        files[file].Should().Contain(from, "the edit must change the revision");
        files[file] = files[file].Replace(from, to, StringComparison.Ordinal);
        var revision = PolicyBundle.FromFiles(files).Revision;
        (await store.RecordAsync(revision, files)).Should().NotBeNull();
        return (active, revision);
    }
}
