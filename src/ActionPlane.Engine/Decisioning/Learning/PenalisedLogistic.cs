namespace ActionPlane.Engine.Decisioning.Learning;

/// <summary>
/// Damped Newton's method for a ridge-penalised, weighted logistic log-likelihood with tens of
/// coefficients: nba's effect model (<see cref="LogOddsEffectModel"/>) and the linear log-odds uplift
/// learner (<c>Uplift.LinearLogOddsEffect</c>) both fit one.
/// </summary>
internal static class PenalisedLogistic
{
    /// <summary>One row as the fit sees it: its design vector is written by the caller.</summary>
    /// <param name="Offset">Added to the linear predictor with coefficient 1.</param>
    public readonly record struct Row(double Offset, bool Positive, double Weight);

    /// <summary>
    /// Maximises Σ wᵢ·loglik(yᵢ | offsetᵢ + θ·vᵢ) − ½ Σ penalty_a·θ_a² from <paramref name="theta"/> (updated in place).
    /// <paramref name="row"/> writes row i's design into its span and returns the rest. Returns the penalised
    /// Hessian of the last iteration (its inverse is the Gaussian posterior's covariance).
    /// </summary>
    public static double[,] Fit(double[] theta, int rows, Func<int, double[], Row> row, double[] penalty, int maxIterations)
    {
        var d = theta.Length;
        var v = new double[d];
        var hessian = new double[d, d];
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            hessian = new double[d, d];
            var gradient = new double[d];
            for (var i = 0; i < rows; i++)
            {
                var r = row(i, v);
                var p = Logistic(r.Offset + Dot(theta, v));
                var residual = (r.Positive ? 1 : 0) - p;
                var curvature = r.Weight * Math.Max(p * (1 - p), 1e-9);
                for (var a = 0; a < d; a++)
                {
                    if (v[a] == 0)
                        continue;
                    gradient[a] += r.Weight * residual * v[a];
                    for (var b = 0; b <= a; b++)
                        hessian[a, b] += curvature * v[a] * v[b];
                }
            }
            for (var a = 0; a < d; a++)
            {
                gradient[a] -= penalty[a] * theta[a];
                hessian[a, a] += penalty[a] + 1e-8;
                for (var b = 0; b < a; b++)
                    hessian[b, a] = hessian[a, b];
            }
            var step = Cholesky.Solve(hessian, gradient);
            var largest = 0.0;
            for (var a = 0; a < d; a++)
            {
                // Damped: outcomes are rare in some strata and a full Newton step can overshoot.
                var s = Math.Clamp(step[a], -2, 2);
                theta[a] += s;
                largest = Math.Max(largest, Math.Abs(s));
            }
            if (largest < 1e-7)
                break;
        }
        return hessian;
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    private static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
            s += a[i] * b[i];
        return s;
    }
}
