using ActionPlane.Engine.Data;
using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Tests.Models;

/// <summary>One churn model trained once per test class on generated data (training is the slow part).</summary>
public sealed class TrainedChurnModel
{
    public static readonly DateOnly AsOf = new(2026, 8, 25);

    public TrainedChurnModel()
    {
        var tenant = new TenantGenerator(7).Generate(1500, AsOf);
        Examples = ExamplesOf(tenant);
        Model = ChurnModel.Train(Examples, new ChurnTrainingOptions { Version = new ModelVersion("churn", AsOf, 1), Seed = 11 });
        // A fresh tenant the model never saw, to compare it with the oracle on the same accounts.
        Fresh = new TenantGenerator(8).Generate(1000, AsOf);
    }

    public List<ChurnExample> Examples { get; }
    public ChurnModel Model { get; }
    public GeneratedTenant Fresh { get; }

    public static List<ChurnExample> ExamplesOf(GeneratedTenant tenant) => tenant.ToChurnExamples();
}
