using ActionPlane.Engine.Decisioning.Learning;

namespace ActionPlane.Engine.ClosedLoop;

/// <summary>
/// Diagnostic for the <c>ceiling</c> strategy, never used by nba: one action type's log-odds effect
/// fitted by least squares to the generator's TRUE effect of every historical account, from the
/// same <see cref="EffectFeatures"/> nba's <see cref="LogOddsEffectModel"/> sees (linear, as nba's
/// model; or with squares and pairwise products, to see what a richer form on the same features
/// could reach). No outcome noise, no confounding, no exploration: what is left between it and the
/// oracle is what no learner of this form on these features can close.
/// </summary>
public sealed class CeilingEffectModel
{
    private readonly double[] _beta;
    private readonly double[] _mean;
    private readonly double[] _scale;
    private readonly bool _quadratic;

    private CeilingEffectModel(double[] beta, double[] mean, double[] scale, bool quadratic)
    {
        _beta = beta;
        _mean = mean;
        _scale = scale;
        _quadratic = quadratic;
    }

    /// <summary>Least squares (a tiny ridge for stability) of the true log-odds effect on the effect terms.</summary>
    public static CeilingEffectModel Fit(IReadOnlyList<(double[] Z, double TrueLogOddsDelta)> rows, bool quadratic)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
            throw new ArgumentException("The ceiling needs historical rows.", nameof(rows));
        var k = rows[0].Z.Length;
        var mean = new double[k];
        var scale = new double[k];
        for (var j = 0; j < k; j++)
        {
            mean[j] = rows.Average(r => r.Z[j]);
            var sd = Math.Sqrt(rows.Average(r => (r.Z[j] - mean[j]) * (r.Z[j] - mean[j])));
            scale[j] = sd > 1e-9 ? sd : 1;
        }
        var probe = new CeilingEffectModel([], mean, scale, quadratic);
        var d = probe.Terms(rows[0].Z).Length;
        var xtx = new double[d, d];
        var xty = new double[d];
        foreach (var (z, delta) in rows)
        {
            var v = probe.Terms(z);
            for (var a = 0; a < d; a++)
            {
                xty[a] += v[a] * delta;
                for (var b = 0; b < d; b++)
                    xtx[a, b] += v[a] * v[b];
            }
        }
        for (var a = 0; a < d; a++)
            xtx[a, a] += 1e-3;
        return new CeilingEffectModel(Cholesky.Solve(xtx, xty), mean, scale, quadratic);
    }

    /// <summary>The fitted log-odds effect for an account with effect terms <paramref name="z"/>.</summary>
    public double Effect(double[] z)
    {
        var v = Terms(z);
        var delta = 0.0;
        for (var a = 0; a < v.Length; a++)
            delta += _beta[a] * v[a];
        return delta;
    }

    /// <summary>Uplift on retention at churn probability <paramref name="churnProbability"/> (no standard error: the fit has no noise to speak of).</summary>
    public double Uplift(double[] z, double churnProbability)
    {
        var logit = LogOddsEffectModel.Logit(churnProbability);
        return churnProbability - 1 / (1 + Math.Exp(-(logit + Effect(z))));
    }

    private double[] Terms(double[] z)
    {
        var k = _mean.Length;
        var s = new double[k];
        for (var j = 0; j < k; j++)
            s[j] = (z[j] - _mean[j]) / _scale[j];
        var terms = new List<double>(1 + k + k * (k + 1) / 2) { 1 };
        terms.AddRange(s);
        if (_quadratic)
            for (var a = 0; a < k; a++)
                for (var b = a; b < k; b++)
                    terms.Add(s[a] * s[b]);
        return [.. terms];
    }
}
