using ActionPlane.Engine.Data;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Decisioning.Learning;
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

    private readonly Dictionary<string, NbaUpliftModel> _uplift = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<UpliftRow>> _historicalUplift = new(StringComparer.Ordinal);
    private Dictionary<WeekContext, Dictionary<string, (double Uplift, double StdError)>> _weekUplift = [];
    /// <summary>The week's uplift predictions before calibration: what an applied action's calibration row compares its outcome with.</summary>
    private Dictionary<WeekContext, Dictionary<string, double>> _weekRawUplift = [];
    /// <summary>Per action type, the share of predicted uplift its applied actions delivered (1 until outcomes say otherwise).</summary>
    private readonly Dictionary<string, double> _calibration = new(StringComparer.Ordinal);
    /// <summary>
    /// nba's own belief about the actions it applied: per account, the proposal, its type and day, the
    /// log-odds shift its model predicted then, before and after that day's calibration factor.
    /// Its churn model is trained on untreated accounts and cannot see that an account is already being
    /// helped; this lets the next decision start from the churn risk that is left (what nba logged,
    /// never the world's true effect).
    /// </summary>
    private readonly Dictionary<int, List<BelievedEffect>> _believedEffects = [];

    private sealed record BelievedEffect(Guid ProposalId, string ActionType, int Day, double RawLogOddsShift, double LogOddsShift);
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
        // The churn model's probability for each historical account: the offset of the log-odds effect model.
        Dictionary<string, double>? churnOf = null;
        foreach (var definition in _catalog.All)
        {
            var type = definition.Type.Value;
            var logged = datasets.Uplift(type);
            churnOf ??= logged.Zip(_churn.PredictMany([.. logged.Select(r => r.Features)], 1))
                .ToDictionary(p => p.First.AccountId, p => p.Second.Probability, StringComparer.Ordinal);
            // Only what a log holds: features, what was done with which propensity, and the outcome (never the row's true uplift).
            _historicalUplift[type] = logged
                .Select(r => new UpliftRow(FeatureBuilder.ToVector(r.Features), r.Treated, r.Retained, r.Propensity, churnOf[r.AccountId])).ToList();
        }
        TrainUplift(_historicalUplift.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<UpliftRow>)kv.Value, StringComparer.Ordinal));
    }

    /// <summary>
    /// The diagnostic ceiling (never nba): per action type, the true log-odds effect of every
    /// historical account (recovered from its true uplift and churn probability) fitted from the
    /// effect features of its historical snapshot.
    /// </summary>
    private void FitCeiling(GeneratedTenant tenant)
    {
        var datasets = new SyntheticDatasets(tenant, _options.Scenario);
        foreach (var definition in _catalog.All)
        {
            var type = definition.Type.Value;
            var rows = datasets.Uplift(type).Select(r => (EffectFeatures.From(FeatureBuilder.ToVector(r.Features)),
                LogOddsEffectModel.Logit(r.TrueChurnProbability - r.TrueUplift) - LogOddsEffectModel.Logit(r.TrueChurnProbability))).ToList();
            var model = CeilingEffectModel.Fit(rows, _options.CeilingQuadratic);
            _uplift[type] = NbaUpliftModel.FromPredict((x, churn) =>
            {
                var uplift = new double[x.Length];
                for (var i = 0; i < x.Length; i++)
                    uplift[i] = model.Uplift(EffectFeatures.From(x[i]), churn[i]);
                return (uplift, new double[x.Length]);
            });
        }
    }

    private void TrainUplift(IReadOnlyDictionary<string, IReadOnlyList<UpliftRow>> rowsByType)
    {
        foreach (var (type, rows) in rowsByType)
        {
            var model = NbaUpliftModel.Fit(rows, _options.Seed + type.Length, _options.UpliftLearner);
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
        var rows = new Dictionary<string, IReadOnlyList<UpliftRow>>(StringComparer.Ordinal);
        foreach (var (type, history) in _historicalUplift)
        {
            var treated = randomised.Where(s => s.Action == type).ToList();
            var controls = randomised.Where(s => s.Action is null).ToList();
            // Keep about ControlsPerTreated controls per treated row; P(kept) enters the propensity.
            var keep = controls.Count == 0 ? 0 : Math.Min(1.0, ControlsPerTreated * Math.Max(treated.Count, 1) / (double)controls.Count);
            var sampler = new Random(_options.Seed + day + type.Length);
            var mine = treated.Select(s => new UpliftRow(s.Features, true, s.Retained!.Value, Propensity(s.ActionPropensity, s.NonePropensity, keep), s.ChurnProbability))
                .Concat(controls.Where(_ => sampler.NextDouble() < keep)
                    .Select(s => new UpliftRow(s.Features, false, s.Retained!.Value, Propensity(ActionShare(s), s.NonePropensity, keep), s.ChurnProbability)));
            rows[type] = [.. history, .. mine];
        }
        TrainUplift(rows);
    }

    /// <summary>
    /// Measures, per action type, the uplift its applied actions delivered against what was predicted
    /// for them (nba's own logs: predicted uplift, the churn risk it started from, the outcome). Weekly,
    /// not only at retraining: it is cheap, and every week of closed outcomes sharpens it.
    /// With <see cref="SimulationOptions.CalibratePartialWindows"/>, windows still open count for the
    /// part that has passed (<see cref="UpliftCalibration.PartialWindow"/>), so the factor exists from
    /// the first weeks instead of from day 90.
    /// </summary>
    private void Calibrate(int day)
    {
        var partial = _options.CalibratePartialWindows;
        var applied = _logs.Where(s => s.Action is not null && s.PredictedUplift is not null && s.Day < day
            && (partial || (s.Retained is not null && s.Day + SimulatedWorld.EffectDays <= day))).ToList();
        foreach (var group in applied.GroupBy(s => s.Action!, StringComparer.Ordinal))
        {
            _calibration[group.Key] = UpliftCalibration.Factor([.. group.Select(s => CalibrationRowOf(s, day))]);
            if (day % 28 == 0)
                _progress($"  calibration {group.Key}: {_calibration[group.Key]:F2} over {group.Count()} applied");
        }
    }

    private static CalibrationRow CalibrationRowOf(LoggedStep s, int day)
    {
        var elapsed = day - s.Day;
        if (elapsed >= SimulatedWorld.EffectDays && s.Retained is not null)
            return new CalibrationRow(s.PredictedUplift!.Value, s.BaselineChurn, !s.Retained.Value);
        var churnedSoFar = s.Retained == false && s.OutcomeDay < day;
        return UpliftCalibration.PartialWindow(s.PredictedUplift!.Value, s.BaselineChurn, churnedSoFar, elapsed, SimulatedWorld.EffectDays);
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
    /// <param name="sample">Thompson sampling: predict with one posterior draw of each action type's effect.</param>
    private void PredictUplift(List<WeekContext> contexts, bool sample = false)
    {
        _weekUplift = contexts.ToDictionary(c => c, _ => new Dictionary<string, (double, double)>(StringComparer.Ordinal));
        _weekRawUplift = contexts.ToDictionary(c => c, _ => new Dictionary<string, double>(StringComparer.Ordinal));
        var x = contexts.Select(c => c.Features).ToArray();
        var churn = contexts.Select(RemainingChurn).ToArray();
        foreach (var definition in _catalog.All)
        {
            var type = definition.Type.Value;
            var (uplift, se) = _uplift.TryGetValue(type, out var model) ? (sample ? model.Sampled(_run) : model).Predict(x, churn) : (new double[x.Length], new double[x.Length]);
            var k = _calibration.GetValueOrDefault(type, 1.0);
            for (var i = 0; i < contexts.Count; i++)
            {
                _weekRawUplift[contexts[i]][type] = uplift[i];
                _weekUplift[contexts[i]][type] = (k * uplift[i], k * se[i]);
            }
        }
    }

    private Dictionary<string, (double Uplift, double StdError)> UpliftOf(WeekContext context) => _weekUplift[context];

    /// <summary>The churn model's probability shifted by nba's predicted effects of its own actions still in force (not undone).</summary>
    private double RemainingChurn(WeekContext context)
    {
        if (_options.Strategy == SimulationStrategy.Ceiling && _options.CeilingTrueChurn)
            return _world.TrueChurnProbability(context.Account, context.Snapshot.AsOf);
        var p = context.Score.ChurnProbability;
        var effects = BelievedInForce(context);
        return effects.Count == 0 || !_options.InForceCorrection ? p : InForceRisk.Forward(p, effects, SimulatedWorld.EffectDays);
    }

    /// <summary>
    /// nba's own actions in force on the account: each one's believed log-odds shift, counted for the
    /// whole horizon (counting only the days it has left was measured in session 6 without gain). With <see cref="SimulationOptions.InForceRecalibrated"/> the shift is the uncalibrated one
    /// times today's calibration factor of its type (the factor at apply time was 1 before any outcome of
    /// that type had come in; on the log-odds scale, to first order, a factor on the uplift is one on the
    /// shift, and it cannot overshoot the risk that is left as a factor on the uplift can).
    /// </summary>
    private List<(double Shift, int DaysLeft)> BelievedInForce(WeekContext context)
    {
        var list = new List<(double, int)>();
        if (!_believedEffects.TryGetValue(context.Account.Index, out var effects))
            return list;
        foreach (var e in effects)
        {
            var daysLeft = e.Day + SimulatedWorld.EffectDays - context.Step.Day;
            if (daysLeft <= 0)
                continue;
            var record = context.Account.Applied.Find(r => r.Id == e.ProposalId);
            if (record is null || record.UndoneAt is not null)
                continue;
            var shift = _options.InForceRecalibrated ? _calibration.GetValueOrDefault(e.ActionType, 1.0) * e.RawLogOddsShift : e.LogOddsShift;
            list.Add((shift, SimulatedWorld.EffectDays));
        }
        return list;
    }

    private static double ShiftOf(double p, double uplift) =>
        LogOddsEffectModel.Logit(Math.Clamp(p - uplift, 1e-4, 1 - 1e-4)) - LogOddsEffectModel.Logit(p);

    /// <summary>Remembers the log-odds shift nba predicted for an action it just applied.</summary>
    private void RememberApplied(WeekContext context, string actionType, Guid proposalId)
    {
        if (_options.Strategy is not (SimulationStrategy.Nba or SimulationStrategy.Ceiling) || !_weekUplift.TryGetValue(context, out var estimates) || !estimates.TryGetValue(actionType, out var estimate))
            return;
        var p = RemainingChurn(context);
        context.Step.PredictedUplift = _weekRawUplift[context][actionType];
        context.Step.BaselineChurn = p;
        // The uncalibrated shift: the effect model's own (its uplift is taken on its fitted baseline, not on
        // p, so re-deriving a shift from the uplift and p overshoots where that baseline lies above p).
        var rawShift = _options.InForceRecalibrated && _uplift.TryGetValue(actionType, out var model) && model.LogOddsShift(context.Features, p) is { } delta
            ? delta : ShiftOf(p, context.Step.PredictedUplift.Value);
        var effect = new BelievedEffect(proposalId, actionType, context.Step.Day, rawShift, ShiftOf(p, estimate.Uplift));
        (_believedEffects.TryGetValue(context.Account.Index, out var list) ? list : _believedEffects[context.Account.Index] = []).Add(effect);
    }
}
