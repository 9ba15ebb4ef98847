using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Tests.Models;

public sealed class PromotionGateTests
{
    private static readonly ChurnMetrics Good = new(RocAuc: 0.80, PrAuc: 0.55, Brier: 0.14, LogLoss: 0.44, TrainCount: 600, CalibrationCount: 200, TestCount: 200, TestPositiveRate: 0.22, TrainingSeconds: 0.5);

    [Fact]
    public void Check_Passes_AGoodModel_WithOrWithoutAChampion()
    {
        PromotionGate.Check(Good, null).Should().BeNull();
        PromotionGate.Check(Good, new Dictionary<string, double> { ["roc_auc"] = 0.805 }).Should().BeNull();
    }

    [Fact]
    public void Check_Refuses_AModelThatRanksPoorly()
    {
        PromotionGate.Check(Good with { RocAuc = 0.6 }, null).Should().Contain("ROC-AUC 0.600");
    }

    [Fact]
    public void Check_Refuses_AModelNoBetterThanTheBaseRate_OnBrier()
    {
        PromotionGate.Check(Good with { Brier = 0.2 }, null).Should().Contain("base-rate");
    }

    [Fact]
    public void Check_Refuses_AModelWorseThanTheChampion()
    {
        PromotionGate.Check(Good, new Dictionary<string, double> { ["roc_auc"] = 0.85 }).Should().Contain("champion");
    }
}
