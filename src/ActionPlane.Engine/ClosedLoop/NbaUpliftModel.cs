using ActionPlane.Engine.Decisioning.Learning;

namespace ActionPlane.Engine.ClosedLoop;

/// <summary>One logged decision for nba's uplift learning: features, whether treated, the outcome, the logged propensity and the churn model's probability then.</summary>
public sealed record UpliftRow(float[] X, bool Treated, bool Retained, double Propensity, double ChurnProbability);

/// <summary>
/// nba's uplift model for one action type: by default the <see cref="LogOddsEffectModel"/> (the
/// action as a shift of the churn model's log-odds, inverse-propensity weighted); with a
/// meta-learner chosen (<c>--learner DR|X|T</c>) the <see cref="UpliftEnsemble"/> of session 2.
/// </summary>
public sealed class NbaUpliftModel
{
    private readonly Func<float[][], double[], (double[] Uplift, double[] StdError)> _predict;

    private readonly LogOddsEffectModel? _effect;

    private NbaUpliftModel(Func<float[][], double[], (double[] Uplift, double[] StdError)> predict, LogOddsEffectModel? effect = null)
    {
        _predict = predict;
        _effect = effect;
    }

    public static NbaUpliftModel? Fit(IReadOnlyList<UpliftRow> rows, int seed, Uplift.UpliftLearner? metaLearner, EffectModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (metaLearner is { } learner)
        {
            var ensemble = UpliftEnsemble.Fit([.. rows.Select(r => (r.X, r.Treated, r.Retained, r.Propensity))], seed, learner);
            return ensemble is null ? null : new NbaUpliftModel((x, _) => ensemble.Predict(x));
        }
        var model = LogOddsEffectModel.Fit(EffectRows(rows), options);
        return model is null ? null : Of(model);
    }

    /// <summary>A model from a prediction function (the diagnostic ceiling's fit to the true effects).</summary>
    public static NbaUpliftModel FromPredict(Func<float[][], double[], (double[] Uplift, double[] StdError)> predict) => new(predict);

    // The uplift is the shift taken on the risk the decision starts from (the churn model's, less nba's
    // actions in force), as the ceiling diagnostic takes it, not on the fit's own baseline: that baseline,
    // fitted on the historical log, put accounts nba had already treated back far above the risk nba
    // believed was left, so they looked as savable as before and took most of the budget (session 7:
    // with the driver terms, predicted uplift 0.20 against a true 0.06 for the top type on one seed).
    private static NbaUpliftModel Of(LogOddsEffectModel model) => new((x, churn) =>
    {
        var uplift = new double[x.Length];
        var se = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
            (uplift[i], se[i]) = model.Predict(EffectFeatures.From(x[i]), churn[i]);
        return (uplift, se);
    }, model);

    /// <summary>The model with its effect drawn from its posterior (Thompson sampling); a meta-learner ensemble has no posterior and is returned as it is.</summary>
    public NbaUpliftModel Sampled(Random random) => _effect is null ? this : Of(_effect.SampleEffect(random));

    /// <summary>Uplift and its standard error for each account, given its features and its churn probability now.</summary>
    public (double[] Uplift, double[] StdError) Predict(float[][] x, double[] churnProbability) => _predict(x, churnProbability);

    /// <summary>
    /// The log-odds shift the effect model predicts for one account: what its uplift is made of. Null for
    /// a meta-learner ensemble or a prediction function, which predict an uplift only.
    /// </summary>
    public double? LogOddsShift(float[] x, double churnProbability) =>
        _effect?.LogOdds(EffectFeatures.From(x), LogOddsEffectModel.Logit(churnProbability)).Delta;

    /// <summary>
    /// Inverse-propensity weights, stabilised per arm (each arm's weights sum to its row count), so
    /// confounded logs are re-balanced without a few rare rows drowning the rest.
    /// </summary>
    private static List<EffectRow> EffectRows(IReadOnlyList<UpliftRow> rows)
    {
        static double Inverse(UpliftRow r) => 1 / Math.Clamp(r.Treated ? r.Propensity : 1 - r.Propensity, 1e-3, 1);
        var treated = rows.Where(r => r.Treated).ToList();
        var control = rows.Where(r => !r.Treated).ToList();
        var treatedScale = treated.Count / Math.Max(1e-9, treated.Sum(Inverse));
        var controlScale = control.Count / Math.Max(1e-9, control.Sum(Inverse));
        return [.. rows.Select(r => new EffectRow(EffectFeatures.From(r.X), LogOddsEffectModel.Logit(r.ChurnProbability), r.Treated, !r.Retained,
            Inverse(r) * (r.Treated ? treatedScale : controlScale)))];
    }
}
