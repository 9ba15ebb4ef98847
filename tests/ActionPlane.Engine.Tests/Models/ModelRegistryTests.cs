using ActionPlane.Engine.Data;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Models;

[Collection(PostgresCollection.Name)]
public sealed class ModelRegistryTests(PostgresFixture postgres)
{
    private static readonly DateOnly Day = new(2026, 11, 23);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SaveAsync_PromotesTheNewChampion_AndDemotesThePrevious()
    {
        using var store = await postgres.CreateStoreAsync("models_registry_tests");
        var registry = new ModelRegistry(store);
        var examples = TrainedChurnModel.ExamplesOf(new TenantGenerator(21).Generate(300, Day));
        var window = new TrainingWindow(Day.AddDays(-120), Day, Day.AddDays(90));

        var firstVersion = await registry.NextVersionAsync("churn", Day);
        var first = Train(examples, firstVersion);
        await registry.SaveAsync(ChurnModelCard.ToArtifact(first, examples, window, "test data", Now), promote: true);
        var secondVersion = await registry.NextVersionAsync("churn", Day);
        var second = Train(examples, secondVersion);
        await registry.SaveAsync(ChurnModelCard.ToArtifact(second, examples, window, "test data", Now.AddMinutes(1)), promote: true);

        firstVersion.ToString().Should().Be("churn-20261123-1");
        secondVersion.ToString().Should().Be("churn-20261123-2");
        var champion = await registry.LoadChampionAsync("churn");
        champion!.Version.Should().Be("churn-20261123-2");
        champion.Features.Should().Equal(second.FeatureNames);
        champion.TrainingWindow.Should().Be(window);
        champion.DataHash.Should().Be(ChurnExample.HashOf(examples));
        champion.Metrics["roc_auc"].Should().Be(second.Metrics.RocAuc);
        (await registry.LoadLatestAsync("churn"))!.Version.Should().Be("churn-20261123-2");
        await using (var session = store.QuerySession())
            (await session.LoadAsync<ModelArtifact>("churn-20261123-1"))!.IsChampion.Should().BeFalse();

        var loaded = await registry.LoadChurnChampionAsync();
        var snapshot = examples[0].Features;
        loaded!.Predict(snapshot).Should().BeEquivalentTo(second.Predict(snapshot));
    }

    [Fact]
    public async Task SaveAsync_Refuses_ToOverwriteAnExistingVersion()
    {
        using var store = await postgres.CreateStoreAsync("models_registry_dup_tests");
        var registry = new ModelRegistry(store);
        var examples = TrainedChurnModel.ExamplesOf(new TenantGenerator(22).Generate(200, Day));
        var model = Train(examples, new ModelVersion("churn", Day, 1));
        var window = new TrainingWindow(Day.AddDays(-120), Day, Day.AddDays(90));
        await registry.SaveAsync(ChurnModelCard.ToArtifact(model, examples, window, "test data", Now), promote: true);

        var again = () => registry.SaveAsync(ChurnModelCard.ToArtifact(model, examples, window, "other", Now), promote: false);

        await again.Should().ThrowAsync<InvalidOperationException>().WithMessage("*churn-20261123-1*already exists*");
        (await registry.LoadChampionAsync("churn"))!.ModelCard.Should().NotContain("other");
    }

    [Fact]
    public async Task LoadChampionAsync_ReturnsNull_WhenNothingWasTrained()
    {
        using var store = await postgres.CreateStoreAsync("models_registry_empty_tests");

        (await new ModelRegistry(store).LoadChurnChampionAsync()).Should().BeNull();
    }

    private static ChurnModel Train(List<ChurnExample> examples, ModelVersion version) =>
        ChurnModel.Train(examples, new ChurnTrainingOptions { Version = version, Trees = 30 });
}
