using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Proposals;

/// <summary>The NBA engine on the generated demo tenant: every payload it builds must pass its schema.</summary>
public sealed class DemoTenantProposalTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    [Fact]
    public async Task Propose_OnGeneratedAccounts_BuildsOnlySchemaValidPayloads_AndReachesTheDemoEndUser()
    {
        // Arrange
        await H.Store.Advanced.Clean.DeleteAllDocumentsAsync();
        await new DemoTenantSeeder(H.Clock).SeedAsync(H.Store, new DemoSeedOptions { Accounts = 60, TrainingAccounts = 600, Seed = 3 }, _ => { });
        await using var session = H.Store.QuerySession();
        var demoUser = await session.LoadAsync<EndUser>(DemoTenantSeeder.DemoEndUserId);
        var accounts = await session.Query<Account>().Select(a => a.Id).ToListAsync();

        // Act
        var batches = new List<Engine.Proposals.ProposalBatch>();
        foreach (var id in accounts.Take(6))
            batches.Add(await H.Engine.ProposeAsync(id, LifecycleHarness.Csm));
        var forDemoUser = await H.Engine.ProposeForUserAsync(demoUser!.AccountId, DemoTenantSeeder.DemoEndUserId, LifecycleHarness.Csm);

        // Assert
        batches.SelectMany(b => b.Rejected).Should().BeEmpty();
        batches.Should().OnlyContain(b => b.Proposals.Count > 0);
        batches.SelectMany(b => b.Proposals).Should().OnlyContain(p => p.ModelVersion != "none" && p.Explanation.Drivers.Count > 0);
        var checklist = forDemoUser.Proposals.Single(p => p.ActionType == "show_checklist");
        checklist.UserId.Should().Be(DemoTenantSeeder.DemoEndUserId);
        var receipt = await H.Applier.ApplyAsync(checklist.ProposalId, "demo", LifecycleHarness.Csm);
        (await H.Nudges.GetForUserAsync(DemoTenantSeeder.DemoEndUserId)).Should().ContainSingle(n => n.NudgeId == receipt.TargetId);
    }
}
