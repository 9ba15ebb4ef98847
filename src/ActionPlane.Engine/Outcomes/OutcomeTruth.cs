using ActionPlane.Engine.Data;

namespace ActionPlane.Engine.Outcomes;

/// <summary>
/// The generator's hidden ground truth of one demo account (its 90-day churn probability and the
/// latent drivers action effects depend on), kept so the demo's outcome observer can say what
/// happened at each action's horizon. Never part of the features or the policy input.
/// After a replayed demo history (<see cref="Data.DemoHistory.DemoHistoryReplay"/>) it also says what the simulated
/// world did: <see cref="ChurnedOn"/> (null while the account stays) and <see cref="KnownThrough"/>, the last day the
/// world lived; an outcome due by then is what the world did, not a fresh draw.
/// </summary>
public sealed record OutcomeTruth(string Id, double TrueChurnProbability, ChurnDrivers Drivers, int Seed,
    DateOnly? ChurnedOn = null, DateOnly? KnownThrough = null)
{
    public static OutcomeTruth From(ChurnTruth truth, int seed) => new(truth.AccountId, truth.TrueChurnProbability, truth.Drivers, seed);
}
