using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Data;

/// <summary>
/// Turns a generated tenant into flat, labelled datasets: one churn table and one uplift
/// experiment per action type, each carrying its hidden ground truth for oracle metrics.
/// </summary>
public sealed class SyntheticDatasets
{
    /// <summary>Share of |uplift| below which an account counts as unaffected in summaries.</summary>
    private const double NegligibleUplift = 0.005;

    private readonly GeneratedTenant _tenant;
    private readonly Scenario _scenario;
    private readonly FeatureSnapshot[] _snapshots;

    public SyntheticDatasets(GeneratedTenant tenant, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        _tenant = tenant;
        _scenario = (scenario ?? throw new ArgumentNullException(nameof(scenario))).Validate();
        var signals = tenant.SignalsByAccount();
        _snapshots = tenant.Accounts.Select(a => FeatureBuilder.Build(a, signals[a.Id], tenant.AsOf)).ToArray();
    }

    /// <summary>Feature columns of the datasets: the model features.</summary>
    public static IReadOnlyList<string> FeatureNames => FeatureBuilder.FeatureNames;

    /// <summary>One row per account, labelled with its realised churn.</summary>
    public IReadOnlyList<ChurnDatasetRow> Churn() => _tenant.Accounts.Select((a, i) =>
    {
        var truth = _tenant.Truth[a.Id];
        return new ChurnDatasetRow(a.Id, a.Plan, a.Segment, a.Region, _snapshots[i], truth.Churned, truth.TrueChurnProbability);
    }).ToList();

    /// <summary>
    /// A historical experiment with <paramref name="actionType"/>: each account treated with its
    /// propensity (0.5 when the scenario has no confounding) and its retention drawn from the
    /// treated or untreated hazard.
    /// </summary>
    public IReadOnlyList<UpliftDatasetRow> Uplift(string actionType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actionType);
        var rows = new List<UpliftDatasetRow>(_tenant.Accounts.Count);
        for (var i = 0; i < _tenant.Accounts.Count; i++)
        {
            var account = _tenant.Accounts[i];
            var truth = _tenant.Truth[account.Id];
            // A separate stream per (account, action): adding an action never changes another's data.
            var rng = new Random(unchecked(_tenant.Seed * 1_000_003 + i) ^ StableHash(actionType));
            var delta = ActionEffects.LogOddsDelta(actionType, truth.Drivers, _scenario, rng.Gaussian());
            var p0 = truth.TrueChurnProbability;
            var uplift = ActionEffects.TrueUplift(p0, delta);
            // Confounded logs: a CSM treats risky accounts more often than healthy ones.
            var propensity = Math.Clamp(1 / (1 + Math.Exp(-_scenario.Confounding * 8 * (p0 - 0.2))), 0.05, 0.95);
            var treated = rng.NextDouble() < propensity;
            var churnProbability = treated ? p0 - uplift : p0;
            var retained = rng.NextDouble() >= churnProbability;
            rows.Add(new UpliftDatasetRow(account.Id, account.Plan, account.Segment, account.Region, _snapshots[i],
                treated, propensity, retained, uplift, p0));
        }
        return rows;
    }

    /// <summary>Ground-truth summary of an action over this tenant's accounts.</summary>
    public ActionTruthSummary Summary(string actionType, decimal cost)
    {
        var uplifts = Uplift(actionType).Select(r => r.TrueUplift).ToList();
        return new ActionTruthSummary(actionType, cost, uplifts.Average(),
            uplifts.Count(u => u > NegligibleUplift) / (double)uplifts.Count,
            uplifts.Count(u => u < -NegligibleUplift) / (double)uplifts.Count);
    }

    /// <summary>FNV-1a: string.GetHashCode is randomised per process, and the data must not be.</summary>
    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
            hash = unchecked((hash ^ c) * 16777619u);
        return unchecked((int)hash);
    }
}
