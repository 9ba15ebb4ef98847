using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Data;

namespace ActionPlane.Engine.Tests.Data;

public sealed class ScenarioAndEffectsTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2026, 1, 1);
    private readonly string _dir = Directory.CreateTempSubdirectory("ap-scenario-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void DefaultScenario_KeepsTheGeneratorsChurnGroundTruth()
    {
        var original = new TenantGenerator(5).Generate(200, AsOf);
        var withDefault = new TenantGenerator(5, Scenario.Default).Generate(200, AsOf);

        withDefault.Truth.Should().BeEquivalentTo(original.Truth);
        withDefault.Usage.Should().Equal(original.Usage);
    }

    [Fact]
    public void BaseChurnShift_RaisesChurn_WithoutChangingTheSignals()
    {
        var baseline = new TenantGenerator(5).Generate(300, AsOf);
        var shifted = new TenantGenerator(5, new Scenario { BaseChurnShift = 1.5 }).Generate(300, AsOf);

        shifted.Truth.Values.Average(t => t.TrueChurnProbability).Should().BeGreaterThan(baseline.Truth.Values.Average(t => t.TrueChurnProbability) + 0.1);
        shifted.Usage.Should().Equal(baseline.Usage);
    }

    [Fact]
    public void Load_Rejects_AnUnknownField_AndAnOutOfRangeValue_NamingThem()
    {
        var unknown = Path.Combine(_dir, "unknown.json");
        File.WriteAllText(unknown, """{"base_churn": 1}""");
        var outOfRange = Path.Combine(_dir, "range.json");
        File.WriteAllText(outOfRange, """{"confounding": 2}""");

        ((Action)(() => Scenario.Load(unknown))).Should().Throw<InvalidDataException>().WithMessage("*base_churn*");
        ((Action)(() => Scenario.Load(outOfRange))).Should().Throw<InvalidDataException>().WithMessage("*'confounding' must be between 0 and 1*");
    }

    [Fact]
    public void EveryCatalogAction_HelpsSomeAccounts_AndHarmsOthers()
    {
        var datasets = new SyntheticDatasets(new TenantGenerator(9).Generate(600, AsOf), Scenario.Default);

        foreach (var action in ActionCatalog.Default.All)
        {
            var summary = datasets.Summary(action.Type.Value, action.Cost);
            summary.ShareHelped.Should().BeGreaterThan(0.2, action.Type.Value);
            summary.ShareHarmed.Should().BeGreaterThan(0.0, action.Type.Value);
        }
    }

    [Fact]
    public void NoHeterogeneity_GivesEveryAccountTheSameLogOddsEffect_ExceptForIdiosyncrasy()
    {
        var calm = new ChurnDrivers(0, 6, 1, 0, false, 300, 0);
        var fading = new ChurnDrivers(0.9, 1, 0.2, 0.1, true, 10, 0);
        var flat = new Scenario { EffectHeterogeneity = 0 };

        ActionEffects.LogOddsDelta("csm_outreach", calm, flat, 0).Should().Be(ActionEffects.LogOddsDelta("csm_outreach", fading, flat, 0));
        ActionEffects.LogOddsDelta("csm_outreach", calm, Scenario.Default, 0).Should().NotBe(ActionEffects.LogOddsDelta("csm_outreach", fading, Scenario.Default, 0));
    }

    [Fact]
    public void Uplift_IsRandomised_WithoutConfounding_AndTargetsRiskyAccounts_WithIt()
    {
        var tenant = new TenantGenerator(11).Generate(1500, AsOf);
        var random = new SyntheticDatasets(tenant, Scenario.Default).Uplift("schedule_nudge");
        var confounded = new SyntheticDatasets(tenant, new Scenario { Confounding = 1 }).Uplift("schedule_nudge");

        random.Select(r => r.Propensity).Distinct().Should().Equal(0.5);
        random.Average(r => r.Treated ? 1.0 : 0).Should().BeInRange(0.45, 0.55);
        confounded.Where(r => r.Treated).Average(r => r.TrueChurnProbability)
            .Should().BeGreaterThan(confounded.Where(r => !r.Treated).Average(r => r.TrueChurnProbability) + 0.05);
    }
}
