using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Decisioning.Learning;

/// <summary>
/// How a <see cref="LogOddsEffectModel"/>'s predicted log-odds shift δ̂ maps to the shift its logs
/// support out of sample: <c>δ = Average + Slope · (δ̂ − Center)</c>, with the posterior variance of
/// (Average, Slope). Slope 1 and Average = Center is "as fitted"; a slope below 1 says part of the
/// predicted differences between accounts is noise the fit mistook for heterogeneity.
/// </summary>
public readonly record struct EffectCalibration(double Center, double Average, double Slope, double AverageVariance, double SlopeVariance, double Covariance)
{
    public static EffectCalibration Identity => new(0, 0, 1, 0, 0, 0);

    public double Apply(double delta) => Average + Slope * (delta - Center);

    /// <summary>Variance of the calibrated shift from the calibration's own uncertainty (δ̂ taken as given).</summary>
    public double Variance(double delta)
    {
        var d = delta - Center;
        return AverageVariance + d * d * SlopeVariance + 2 * d * Covariance;
    }
}

/// <summary>
/// Cross-fitted calibration of one action type's effect model on its logs (the tenant's historical
/// log is there at day 0, long before nba's own applied actions close their windows): each fold's
/// rows get δ̂ and the baseline log-odds from a model fitted on the other folds, then one weighted
/// logistic regression of churn on <c>baseline + a + treated · (Average + Slope · (δ̂ − Center))</c>
/// says how much of the out-of-fold δ̂ the outcomes bear out. With weak effects the ridge-penalised
/// fit still spreads its δ̂ over accounts by noise; the arbitration then picks the largest errors
/// across 8 types and 2,000 accounts. The slope shrinks that spread by what held-out outcomes support.
/// </summary>
public static class CrossFittedCalibration
{
    public const int Folds = 5;
    /// <summary>Prior s.d. of the slope around 1 (the same empirical-Bayes stance as <see cref="UpliftCalibration.PriorStdDev"/>).</summary>
    public const double SlopePriorStdDev = 0.5;
    /// <summary>Prior s.d. of the average shift around the fitted one: weak, the average is what logs measure best.</summary>
    public const double AveragePriorStdDev = 1;
    public const double MaxSlope = 1.5;

    /// <summary>Returns <see cref="EffectCalibration.Identity"/> when a fold has too few rows of an arm to fit.</summary>
    public static EffectCalibration Fit(IReadOnlyList<EffectRow> rows, EffectModelOptions? options, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var fold = RandomFolds.Assign(rows.Count, Folds, seed);
        var baseline = new double[rows.Count];
        var delta = new double[rows.Count];
        for (var f = 0; f < Folds; f++)
        {
            var model = LogOddsEffectModel.Fit([.. rows.Where((_, i) => fold[i] != f)], options);
            if (model is null)
                return EffectCalibration.Identity;
            for (var i = 0; i < rows.Count; i++)
                if (fold[i] == f)
                    (baseline[i], delta[i]) = model.LogOdds(rows[i].Z, rows[i].BaseLogit);
        }
        double weight = 0, center = 0;
        for (var i = 0; i < rows.Count; i++)
            if (rows[i].Treated)
            {
                weight += rows[i].Weight;
                center += rows[i].Weight * delta[i];
            }
        if (weight <= 0)
            return EffectCalibration.Identity;
        center /= weight;
        return Regress(rows, baseline, delta, center);
    }

    // θ = (a, Average, Slope); Newton on the weighted log-likelihood with Gaussian priors on Average and Slope.
    private static EffectCalibration Regress(IReadOnlyList<EffectRow> rows, double[] baseline, double[] delta, double center)
    {
        double[] prior = [0, center, 1];
        double[] precision = [1e-6, 1 / (AveragePriorStdDev * AveragePriorStdDev), 1 / (SlopePriorStdDev * SlopePriorStdDev)];
        var theta = (double[])prior.Clone();
        var hessian = new double[3, 3];
        var v = new double[3];
        for (var iteration = 0; iteration < 30; iteration++)
        {
            hessian = new double[3, 3];
            var gradient = new double[3];
            for (var i = 0; i < rows.Count; i++)
            {
                var t = rows[i].Treated ? 1.0 : 0.0;
                v[0] = 1;
                v[1] = t;
                v[2] = t * (delta[i] - center);
                var eta = baseline[i] + theta[0] + theta[1] * v[1] + theta[2] * v[2];
                var p = 1 / (1 + Math.Exp(-eta));
                var w = rows[i].Weight;
                var residual = (rows[i].Churned ? 1 : 0) - p;
                var curvature = w * Math.Max(p * (1 - p), 1e-9);
                for (var a = 0; a < 3; a++)
                {
                    gradient[a] += w * residual * v[a];
                    for (var b = 0; b < 3; b++)
                        hessian[a, b] += curvature * v[a] * v[b];
                }
            }
            for (var a = 0; a < 3; a++)
            {
                gradient[a] -= precision[a] * (theta[a] - prior[a]);
                hessian[a, a] += precision[a];
            }
            var step = Cholesky.Solve(hessian, gradient);
            var largest = 0.0;
            for (var a = 0; a < 3; a++)
            {
                var s = Math.Clamp(step[a], -1, 1);
                theta[a] += s;
                largest = Math.Max(largest, Math.Abs(s));
            }
            if (largest < 1e-8)
                break;
        }
        var covariance = Cholesky.Inverse(hessian);
        return new EffectCalibration(center, theta[1], Math.Clamp(theta[2], 0, MaxSlope), covariance[1, 1], covariance[2, 2], covariance[1, 2]);
    }
}

/// <summary>
/// Empirical Bayes across action types: each type's average shift is one draw from a common
/// N(μ, τ²), measured with its own variance. With weak effects the 8 averages differ mostly by
/// measurement noise, and the arbitration hands the budget to whichever type's noise ran most in
/// its favour; pooling pulls each average towards μ by how little its own log can tell
/// (DerSimonian–Laird τ², posterior mean and variance).
/// </summary>
public static class TypeAveragePooling
{
    public static IReadOnlyList<EffectCalibration> Pool(IReadOnlyList<EffectCalibration> calibrations)
    {
        ArgumentNullException.ThrowIfNull(calibrations);
        if (calibrations.Count < 3 || calibrations.Any(c => c.AverageVariance <= 0))
            return calibrations;
        var w = calibrations.Select(c => 1 / c.AverageVariance).ToArray();
        var sw = w.Sum();
        var fixedMean = calibrations.Select((c, i) => w[i] * c.Average).Sum() / sw;
        var q = calibrations.Select((c, i) => w[i] * (c.Average - fixedMean) * (c.Average - fixedMean)).Sum();
        var tau2 = Math.Max(0, (q - (calibrations.Count - 1)) / (sw - w.Sum(x => x * x) / sw));
        var wr = calibrations.Select(c => 1 / (tau2 + c.AverageVariance)).ToArray();
        var mu = calibrations.Select((c, i) => wr[i] * c.Average).Sum() / wr.Sum();
        return [.. calibrations.Select(c =>
        {
            var keep = tau2 / (tau2 + c.AverageVariance);
            return c with { Average = mu + keep * (c.Average - mu), AverageVariance = keep * c.AverageVariance + (1 - keep) * (1 - keep) / wr.Sum() };
        })];
    }
}
