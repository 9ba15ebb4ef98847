using ActionPlane.Engine.Data;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.ClosedLoop;

// Learning from what was logged: the churn model from untreated decisions whose 90-day window
// closed; nba's uplift from logged decisions with their propensities (the tenant's historical log,
// then nba's own randomised decisions). Never from the world's ground truth.
public sealed partial class ClosedLoopSimulator
{
    /// <summary>Controls kept per treated row from nba's own randomised logs (the rest are subsampled away; propensities account for it).</summary>
    private const int ControlsPerTreated = 4;
    /// <summary>Own closed decisions used for a churn retrain: the latest weeks, so the model follows drift.</summary>
    private const int ChurnRetrainWeeks = 4;

    private readonly Dictionary<string, UpliftEnsemble> _uplift = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(float[] X, bool Treated, bool Retained, double Propensity)>> _historicalUplift = new(StringComparer.Ordinal);
    private Dictionary<WeekContext, Dictionary<string, (double Uplift, double StdError)>> _weekUplift = [];
    private int _closedAtLastRetrain;

    private ChurnModel TrainChurn(IReadOnlyList<ChurnExample> examples) =>
        ChurnModel.Train(examples, new ChurnTrainingOptions
        {
            Version = new ModelVersion("churn", _world.Start, _churnSequence++),
            Seed = _options.Seed,
            Trees = 150,
        });

    /// <summary>
    /// The tenant's historical decision log (one logged experiment per action type, with the
    /// propensity each decision was made with — confounded when the scenario says so).
    /// </summary>
    private void TrainUpliftFromHistory(GeneratedTenant tenant)
    {
        var datasets = new SyntheticDatasets(tenant, _options.Scenario);
        foreach (var definition in _catalog.All)
        {
            var type = definition.Type.Value;
            _historicalUplift[type] = datasets.Uplift(type)
                .Select(r => (FeatureBuilder.ToVector(r.Features), r.Treated, r.Retained, r.Propensity)).ToList();
        }
        TrainUplift(_historicalUplift.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<(float[], bool, bool, double)>)kv.Value, StringComparer.Ordinal));
    }

    private void TrainUplift(IReadOnlyDictionary<string, IReadOnlyList<(float[] X, bool Treated, bool Retained, double Propensity)>> rowsByType)
    {
        foreach (var (type, rows) in rowsByType)
        {
            var model = UpliftEnsemble.Fit(rows, _options.Seed + type.Length, _options.UpliftLearner);
            if (model is not null)
                _uplift[type] = model;
        }
    }

    /// <summary>Retrains on decisions whose outcome window has closed, when there are new ones.</summary>
    private void Retrain(int day)
    {
        var closed = _logs.Where(s => s.Retained is not null && s.Day + SimulatedWorld.EffectDays <= day).ToList();
        if (closed.Count == _closedAtLastRetrain)
            return;
        _closedAtLastRetrain = closed.Count;
        _retrainings++;
        _progress($"retraining on {closed.Count:N0} closed decisions (day {day})");

        var latestWeek = closed.Max(s => s.Week);
        var own = closed
            .Where(s => s.Action is null && s.Week > latestWeek - ChurnRetrainWeeks)
            .Select(s => new ChurnExample(SnapshotOf(s), !s.Retained!.Value));
        _churn = TrainChurn([.. _historyExamples, .. own]);

        if (_options.Strategy != SimulationStrategy.Nba)
            return;
        var randomised = closed.Where(s => s.Randomized).ToList();
        var rows = new Dictionary<string, IReadOnlyList<(float[], bool, bool, double)>>(StringComparer.Ordinal);
        foreach (var (type, history) in _historicalUplift)
        {
            var treated = randomised.Where(s => s.Action == type).ToList();
            var controls = randomised.Where(s => s.Action is null).ToList();
            // Keep about ControlsPerTreated controls per treated row; P(kept) enters the propensity.
            var keep = controls.Count == 0 ? 0 : Math.Min(1.0, ControlsPerTreated * Math.Max(treated.Count, 1) / (double)controls.Count);
            var sampler = new Random(_options.Seed + day + type.Length);
            var mine = treated.Select(s => (s.Features, true, s.Retained!.Value, Propensity(s.ActionPropensity, s.NonePropensity, keep)))
                .Concat(controls.Where(_ => sampler.NextDouble() < keep)
                    .Select(s => (s.Features, false, s.Retained!.Value, Propensity(ActionShare(s), s.NonePropensity, keep))));
            rows[type] = [.. history, .. mine];
        }
        TrainUplift(rows);
    }

    // Within rows that got this action or nothing: P(action) / (P(action) + P(kept as control)).
    private static double Propensity(double action, double none, double keep) => action / (action + keep * none);

    /// <summary>What the random draw's per-action propensity was for a control row (the same for every pool account that week).</summary>
    private double ActionShare(LoggedStep control) =>
        control.CandidateCosts.Count == 0 ? 0 : (1 - control.NonePropensity) / control.CandidateCosts.Count;

    private static FeatureSnapshot SnapshotOf(LoggedStep step)
    {
        var values = new Dictionary<string, double?>(StringComparer.Ordinal);
        for (var i = 0; i < FeatureBuilder.FeatureNames.Count; i++)
            values[FeatureBuilder.FeatureNames[i]] = float.IsNaN(step.Features[i]) ? null : step.Features[i];
        return new FeatureSnapshot($"step-{step.AccountIndex}-{step.Week}", DateOnly.MinValue.AddDays(step.Day), values);
    }

    /// <summary>Predicts every action's uplift for every account of the week, in one batch per action type.</summary>
    private void PredictUplift(List<WeekContext> contexts)
    {
        _weekUplift = contexts.ToDictionary(c => c, _ => new Dictionary<string, (double, double)>(StringComparer.Ordinal));
        var x = contexts.Select(c => c.Features).ToArray();
        foreach (var definition in _catalog.All)
        {
            var type = definition.Type.Value;
            var (uplift, se) = _uplift.TryGetValue(type, out var model) ? model.Predict(x) : (new double[x.Length], new double[x.Length]);
            for (var i = 0; i < contexts.Count; i++)
                _weekUplift[contexts[i]][type] = (uplift[i], se[i]);
        }
    }

    private Dictionary<string, (double Uplift, double StdError)> UpliftOf(WeekContext context) => _weekUplift[context];
}
