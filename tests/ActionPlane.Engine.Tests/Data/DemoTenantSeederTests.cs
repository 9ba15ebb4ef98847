using System.Text;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Tests.Support;
using Marten;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ActionPlane.Engine.Tests.Data;

[Collection(PostgresCollection.Name)]
public sealed class DemoTenantSeederTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task SeedAsync_SeedsTenantModelScoresAndDemoUser_AndASecondRunAddsNothing()
    {
        using var store = await postgres.CreateStoreAsync("models_tests");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var stages = new List<DemoSeedStage>();
        var seeder = new DemoTenantSeeder(time) { Steps = s => stages.Add(s.Stage) };
        var first = new List<string>();

        await seeder.SeedAsync(store, new DemoSeedOptions(), Log(first), CancellationToken.None);

        // The web host's preparing page names these stages.
        stages.Should().Equal(DemoSeedStage.Generating, DemoSeedStage.Training, DemoSeedStage.Scoring);
        first.Should().Contain("Generating demo tenant: 300 accounts…");
        first.Should().Contain(l => l.StartsWith("Training churn model… ROC-AUC 0."));
        first.Should().Contain(l => l.StartsWith("Scoring accounts [####################] 100% (300/300)"));
        first.Where(l => l.StartsWith("Trained uplift model for ")).Should().HaveCount(DemoTenantSeeder.UpliftActionTypes.Count);
        await using (var session = store.QuerySession())
        {
            var accounts = await session.Query<Account>().ToListAsync();
            accounts.Should().HaveCount(300).And.OnlyContain(a => a.CsmOwner == "csm@demo.local");
            var champion = await new ModelRegistry(store).LoadChampionAsync("churn");
            champion!.Version.Should().Be("churn-20261123-1");
            champion.Metrics["roc_auc"].Should().BeGreaterThan(0.7);
            champion.ModelCard.Should().Contain("churn-20261123-1");
            // The demo's decision threshold: chosen on the held-out split by the demo costs, shown on the card and the registry page.
            champion.Threshold.Should().NotBeNull();
            champion.Threshold!.CostFalseNegative.Should().Be(5);
            champion.Metrics["threshold"].Should().Be(champion.Threshold.Chosen.Threshold).And.BeInRange(0.01, 0.99);
            champion.ModelCard.Should().Contain("Decision threshold").And.Contain("demo costs 1 : 5");
            var scores = await session.Query<AccountScore>().ToListAsync();
            scores.Select(s => s.Id).Should().BeEquivalentTo(accounts.Select(a => a.Id));
            scores.Should().OnlyContain(s => s.ModelVersion == champion.Version && s.Drivers.Count > 0 && s.Drivers.Count <= 5);
            var registry = new ModelRegistry(store);
            foreach (var action in DemoTenantSeeder.UpliftActionTypes)
                (await registry.LoadChampionAsync($"uplift/{action}"))!.Version.Should().Be($"uplift/{action}-20261123-1");
            (await registry.LoadChampionAsync("ranking"))!.Metrics["ndcg@1"].Should().BeGreaterThan(0.5);
            scores.Should().OnlyContain(s => s.Uplift.Count == DemoTenantSeeder.UpliftActionTypes.Count
                && s.RankScores.Count == DemoTenantSeeder.UpliftActionTypes.Count && s.RankModelVersion == "ranking-20261123-1"
                && s.UpliftModelVersion!.Contains("uplift/csm_outreach-20261123-1"));
            var demoUser = await session.Query<EndUser>().SingleAsync(u => u.Email == "enduser@demo.local");
            scores.Single(s => s.Id == demoUser.AccountId).Tier.Should().Be(RiskTier.High);
            accounts.Single(a => a.Id == demoUser.AccountId).Should().Match<Account>(a =>
                a.ConsentPersonalization && a.Environment == "production" && a.FrozenUntil == null, "the demo end user must be able to receive nudges");
        }
        var before = await CountsAsync(store);

        var second = new List<string>();
        stages.Clear();
        await seeder.SeedAsync(store, new DemoSeedOptions(), Log(second), CancellationToken.None);

        (await CountsAsync(store)).Should().Equal(before);
        stages.Should().Equal(DemoSeedStage.Training, DemoSeedStage.Scoring);
        second.Should().NotContain(l => l.StartsWith("Generating") || l.StartsWith("Train") || l.StartsWith("Scoring"));
    }

    [Fact]
    public async Task SeedAsync_ScoresAgain_WhenScoresAreMissing()
    {
        using var store = await postgres.CreateStoreAsync("models_rescore_tests");
        var seeder = new DemoTenantSeeder(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)));
        var options = new DemoSeedOptions { Accounts = 60, TrainingAccounts = 600, Seed = 3 };
        await seeder.SeedAsync(store, options, _ => { }, CancellationToken.None);
        await store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(AccountScore));
        var log = new List<string>();

        await seeder.SeedAsync(store, options, Log(log), CancellationToken.None);

        log.Should().Contain(l => l.StartsWith("Scoring accounts [") && l.EndsWith("(60/60)")).And.NotContain(l => l.StartsWith("Train"));
        await using var session = store.QuerySession();
        (await session.Query<AccountScore>().CountAsync()).Should().Be(60);
    }

    [Fact]
    public async Task SeedAsync_MovesTheDemoEndUser_WhenItsAccountIsNoLongerHighRisk()
    {
        using var store = await postgres.CreateStoreAsync("models_demo_user_tests");
        var seeder = new DemoTenantSeeder(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)));
        var options = new DemoSeedOptions { Accounts = 80, TrainingAccounts = 600, Seed = 4 };
        await seeder.SeedAsync(store, options, _ => { }, CancellationToken.None);
        string previousAccount;
        await using (var session = store.LightweightSession())
        {
            previousAccount = (await session.LoadAsync<EndUser>(DemoTenantSeeder.DemoEndUserId))!.AccountId;
            var score = await session.LoadAsync<AccountScore>(previousAccount);
            session.Store(score! with { ChurnProbability = 0.05, Tier = RiskTier.Low });
            await session.SaveChangesAsync();
        }

        await seeder.SeedAsync(store, options, _ => { }, CancellationToken.None);

        await using var check = store.QuerySession();
        var demoUsers = await check.Query<EndUser>().Where(u => u.Email == "enduser@demo.local").ToListAsync();
        demoUsers.Should().ContainSingle().Which.AccountId.Should().NotBe(previousAccount);
        (await check.LoadAsync<AccountScore>(demoUsers[0].AccountId))!.Tier.Should().Be(RiskTier.High);
    }

    [Fact]
    public async Task TrainChurnModelAsync_RegistersTheNextVersion_AndPromotesItThroughTheGate()
    {
        using var store = await postgres.CreateStoreAsync("models_retrain_tests");
        var seeder = new DemoTenantSeeder(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)));
        var options = new DemoSeedOptions { Accounts = 60, TrainingAccounts = 800, Seed = 5 };
        await seeder.SeedAsync(store, options, _ => { }, CancellationToken.None);
        var log = new List<string>();

        var model = await seeder.TrainChurnModelAsync(store, options, new DateOnly(2026, 11, 23), promote: true, Log(log));

        model.Version.ToString().Should().Be("churn-20261123-2");
        log.Should().Contain(l => l.EndsWith("champion churn-20261123-2."));
        (await new ModelRegistry(store).LoadChampionAsync("churn"))!.Version.Should().Be("churn-20261123-2");
    }

    [Fact]
    public async Task SeedAsync_ReplacesChampionsStoredWithAnOlderFeatureList_AndRescores()
    {
        using var store = await postgres.CreateStoreAsync("models_older_features_tests");
        var seeder = new DemoTenantSeeder(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)));
        var options = new DemoSeedOptions { Accounts = 60, TrainingAccounts = 600, Seed = 6 };
        await seeder.SeedAsync(store, options, _ => { }, CancellationToken.None);
        // What a database written by an older version holds: champions naming a feature this version does not build.
        var older = new[] { "churn", "uplift/pin_shortcut", "ranking" };
        await using (var session = store.LightweightSession())
        {
            foreach (var kind in older)
            {
                var champion = (await new ModelRegistry(store).LoadChampionAsync(kind))!;
                session.Store(champion with { Bytes = RenameFeature(champion.Bytes, FeatureBuilder.FeatureNames[0], "legacy_feature") });
            }
            await session.SaveChangesAsync();
        }
        var log = new List<string>();

        await seeder.SeedAsync(store, options, Log(log), CancellationToken.None);

        log.Should().Contain(l => l.StartsWith("Churn model churn-20261123-1 cannot be served (it takes ") && l.Contains("'legacy_feature'"));
        log.Should().Contain(l => l.StartsWith("Model uplift/pin_shortcut-20261123-1 cannot be served (") && l.Contains("'legacy_feature'"));
        log.Should().Contain(l => l.StartsWith("Model ranking-20261123-1 cannot be served ("));
        var registry = new ModelRegistry(store);
        foreach (var kind in older)
            (await registry.LoadChampionAsync(kind))!.Version.Should().Be($"{kind}-20261123-2", "a champion this version cannot serve is replaced even without passing the gate against it");
        (await registry.LoadChampionAsync("uplift/csm_outreach"))!.Version.Should().Be("uplift/csm_outreach-20261123-1", "servable champions stay");
        await using var check = store.QuerySession();
        (await check.Query<AccountScore>().ToListAsync()).Should().HaveCount(60)
            .And.OnlyContain(s => s.ModelVersion == "churn-20261123-2" && s.RankModelVersion == "ranking-20261123-2"
                && s.UpliftModelVersion!.Contains("uplift/pin_shortcut-20261123-2"));
    }

    /// <summary>Every model file starts with its magic string and a JSON header naming its features: rename one there.</summary>
    private static byte[] RenameFeature(byte[] bytes, string from, string to)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        var magic = reader.ReadString();
        var header = reader.ReadString();
        var rest = reader.ReadBytes(bytes.Length);
        header.Should().Contain($"\"{from}\"");
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(magic);
            writer.Write(header.Replace($"\"{from}\"", $"\"{to}\"", StringComparison.Ordinal));
            writer.Write(rest);
        }
        return buffer.ToArray();
    }

    private Action<string> Log(List<string> lines) => line =>
    {
        lines.Add(line);
        output.WriteLine(line);
    };

    private static async Task<long[]> CountsAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return
        [
            await session.Query<Account>().CountAsync(),
            await session.Query<EndUser>().CountAsync(),
            await session.Query<UsageDay>().CountAsync(),
            await session.Query<SupportTicket>().CountAsync(),
            await session.Query<BillingChange>().CountAsync(),
            await session.Query<NpsResponse>().CountAsync(),
            await session.Query<ModelArtifact>().CountAsync(),
            await session.Query<AccountScore>().CountAsync(),
        ];
    }
}
