using ActionPlane.Engine.Data;

namespace ActionPlane.Engine.Outcomes;

/// <summary>
/// The generator's hidden ground truth of one demo account (its 90-day churn probability and the
/// latent drivers action effects depend on), kept so the demo's outcome observer can say what
/// happened at each action's horizon. Never part of the features or the policy input.
/// </summary>
public sealed record OutcomeTruth(string Id, double TrueChurnProbability, ChurnDrivers Drivers, int Seed)
{
    public static OutcomeTruth From(ChurnTruth truth, int seed) => new(truth.AccountId, truth.TrueChurnProbability, truth.Drivers, seed);
}
