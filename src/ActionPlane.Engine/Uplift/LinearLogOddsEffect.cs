using ActionPlane.Engine.Decisioning.Learning;
using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Uplift;

/// <summary>
/// The log-odds learner's effect fitted by penalised maximum likelihood instead of least squares on
/// pseudo-outcomes. With the control model's log-odds h(x) as a fixed offset, one ridge-penalised
/// logistic regression over all rows of the experiment:
/// <c>logit P(outcome) = h + a₀ + α·z + (T − e)·(b + γ·z)</c>, z the standardised features.
/// α·z corrects h where it is off for this experiment's accounts (both arms share it, so h's errors do
/// not leak into the effect); b + γ·z is the effect g on the log-odds, linear in z and shrunk hard
/// towards the average effect b. Why: the effect of most actions is a few points against outcome noise
/// of 0/1 rows, and a doubly robust pseudo-outcome per row carries that noise inflated by 1/e(1 − e);
/// the likelihood uses the 0/1 outcomes as they are, and a linear g has few degrees of freedom.
/// Treatment is centred by its propensity (Robinson), so α and γ are nearly orthogonal.
/// The fit is returned as two identity-link stump ensembles, the control and the treated log-odds
/// shift, so the model is scored as trees like every other learner: each feature enters through its
/// quantile bin (the mean of the training values in it; a missing value as the mean), which makes
/// z — and so the linear fit — exactly a step function of the feature, and caps extreme values at
/// their tail bin's mean.
/// </summary>
internal static class LinearLogOddsEffect
{
    /// <summary>A threshold between <see cref="GbmTrees.Missing"/> and every real value: missing goes left of it.</summary>
    private const float MissingCut = -1e29f;

    /// <summary>Penalties and bins; <see cref="UpliftLearnerOptions.Linear"/>.</summary>
    /// <param name="blend">
    /// Optionally another effect model on the log-odds (an additive stump ensemble, e.g. the DR learner's g) and its
    /// share of the treated shift: the effect is then (1 − share)·(b + γ·z) + share·g, on the same corrected baseline.
    /// </param>
    public static (GbmTrees Control, GbmTrees Treated) Fit(float[][] x, bool[] treated, bool[] outcome, double[] offset, double[] propensity,
        LinearEffectOptions o, (GbmTrees Effect, double Share)? blend = null)
    {
        var bins = Binning.Fit(x, o.Bins);
        var z = bins.Standardised(x);
        var centred = treated.Select((t, i) => (t ? 1 : 0) - propensity[i]).ToArray();
        var y = outcome.Select(v => v ? 1.0 : 0.0).ToArray();
        var ridge = o.EffectRidge.Count == 1 ? o.EffectRidge[0] : ChooseRidge(z, centred, y, offset, o);
        var theta = Newton(z, centred, y, offset, Enumerable.Range(0, z.Length).ToArray(), ridge, o);
        var k = bins.Count;
        var share = propensity.Average();
        // Control rows sit at T − e = −e, treated at 1 − e: the two log-odds shifts of a new row.
        double Coefficient(int j, double arm) => theta[1 + j] + arm * theta[2 + k + j];
        var control = bins.AsStumps(x[0].Length, theta[0] - share * theta[1 + k], j => Coefficient(j, -share), []);
        if (blend is not { } other)
            return (control, bins.AsStumps(x[0].Length, theta[0] + (1 - share) * theta[1 + k], j => Coefficient(j, 1 - share), []));
        // The treated arm: the control shift plus the blended effect (the control shift already holds −e·(b + γ·z)).
        var w = 1 - other.Share;
        var treatedShift = bins.AsStumps(x[0].Length, theta[0] - share * theta[1 + k] + w * theta[1 + k], j => Coefficient(j, -share) + w * theta[2 + k + j],
            other.Effect.Stumps(other.Share));
        return (control, treatedShift);
    }

    /// <summary>The effect ridge among the options' choices with the least held-out deviance (folds of these rows only).</summary>
    private static double ChooseRidge(double[][] z, double[] centred, double[] y, double[] offset, LinearEffectOptions o)
    {
        var fold = RandomFolds.Assign(z.Length, o.RidgeFolds, o.Seed);
        var deviance = new double[o.EffectRidge.Count];
        var k = z[0].Length;
        for (var f = 0; f < o.RidgeFolds; f++)
        {
            var fit = Enumerable.Range(0, z.Length).Where(i => fold[i] != f).ToArray();
            var held = Enumerable.Range(0, z.Length).Where(i => fold[i] == f).ToArray();
            for (var r = 0; r < o.EffectRidge.Count; r++)
            {
                var theta = Newton(z, centred, y, offset, fit, o.EffectRidge[r], o);
                foreach (var i in held)
                {
                    var p = Math.Clamp(Logistic(Eta(theta, z[i], centred[i], offset[i], k)), 1e-12, 1 - 1e-12);
                    deviance[r] -= y[i] * Math.Log(p) + (1 - y[i]) * Math.Log(1 - p);
                }
            }
        }
        return o.EffectRidge[Array.IndexOf(deviance, deviance.Min())];
    }

    /// <summary>θ = (a₀, α₁..α_k, b, γ₁..γ_k) maximising the penalised log-likelihood over <paramref name="rows"/>.</summary>
    private static double[] Newton(double[][] z, double[] centred, double[] y, double[] offset, int[] rows, double effectRidge, LinearEffectOptions o)
    {
        var k = z[0].Length;
        var d = 2 + 2 * k;
        var penalty = new double[d];
        for (var j = 0; j < k; j++)
        {
            penalty[1 + j] = o.BaselineRidge;
            penalty[2 + k + j] = effectRidge;
        }
        penalty[1 + k] = o.AverageEffectRidge;
        var theta = new double[d];
        PenalisedLogistic.Fit(theta, rows.Length, (r, v) =>
        {
            var i = rows[r];
            Design(z[i], centred[i], v);
            return new PenalisedLogistic.Row(offset[i], y[i] == 1, 1);
        }, penalty, o.MaxIterations);
        return theta;
    }

    private static double Eta(double[] theta, double[] z, double centred, double offset, int k)
    {
        var eta = offset + theta[0] + centred * theta[1 + k];
        for (var j = 0; j < k; j++)
            eta += z[j] * (theta[1 + j] + centred * theta[2 + k + j]);
        return eta;
    }

    private static void Design(double[] z, double centred, double[] v)
    {
        var k = z.Length;
        v[0] = 1;
        v[1 + k] = centred;
        for (var j = 0; j < k; j++)
        {
            v[1 + j] = z[j];
            v[2 + k + j] = centred * z[j];
        }
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>
    /// Per used feature: quantile thresholds and the standardised mean of the training values in each
    /// bin (the value z a row of that bin gets); constant features are left out.
    /// </summary>
    private sealed class Binning
    {
        private readonly int[] _features;
        private readonly float[][] _thresholds;
        private readonly double[][] _z;

        private Binning(int[] features, float[][] thresholds, double[][] z)
        {
            _features = features;
            _thresholds = thresholds;
            _z = z;
        }

        public int Count => _features.Length;

        public static Binning Fit(float[][] x, int bins)
        {
            List<int> features = [];
            List<float[]> thresholds = [];
            List<double[]> zs = [];
            for (var f = 0; f < x[0].Length; f++)
            {
                var values = x.Select(r => r[f]).Where(v => !float.IsNaN(v)).Order().ToArray();
                if (values.Length < 2 || values[0] == values[^1])
                    continue;
                var cuts = Enumerable.Range(1, bins - 1).Select(b => values[(int)((long)b * values.Length / bins)]).Where(c => c < values[^1]).Distinct().ToArray();
                // Mean of the training values per bin (x ≤ cut j goes to bin j or below), then standardised over those values.
                var sum = new double[cuts.Length + 1];
                var count = new int[cuts.Length + 1];
                foreach (var v in values)
                {
                    var b = Bin(cuts, v);
                    sum[b] += v;
                    count[b]++;
                }
                var means = sum.Select((s, b) => s / count[b]).ToArray();
                var mean = means.Select((m, b) => m * count[b]).Sum() / values.Length;
                var sd = Math.Sqrt(means.Select((m, b) => (m - mean) * (m - mean) * count[b]).Sum() / values.Length);
                if (sd < 1e-12)
                    continue;
                features.Add(f);
                thresholds.Add(cuts);
                zs.Add([.. means.Select(m => (m - mean) / sd)]);
            }
            return new Binning([.. features], [.. thresholds], [.. zs]);
        }

        public double[][] Standardised(float[][] x) =>
            [.. x.Select(row => _features.Select((f, j) => float.IsNaN(row[f]) ? 0 : _z[j][Bin(_thresholds[j], row[f])]).ToArray())];

        /// <summary>
        /// <c>constant + Σ_j coefficient(j)·z_j(x)</c> as stumps: per feature one split off the missing
        /// value (z = 0) and one per bin threshold, each adding the step between neighbouring bins; then
        /// <paramref name="more"/> stumps as they are (constants, feature −1, into the bias).
        /// </summary>
        public GbmTrees AsStumps(int width, double constant, Func<int, double> coefficient, IEnumerable<(int Feature, float Threshold, double Left, double Right)> more)
        {
            List<TreeView> trees = [];
            foreach (var (feature, threshold, left, right) in more)
            {
                if (feature < 0)
                    constant += left;
                else
                    trees.Add(new TreeView(new[] { feature }, new[] { threshold }, new[] { ~0 }, new[] { ~1 }, new[] { left, right }));
            }
            for (var j = 0; j < _features.Length; j++)
            {
                var c = coefficient(j);
                if (c == 0)
                    continue;
                trees.Add(Stump(_features[j], MissingCut, c * _z[j][0]));
                for (var b = 0; b < _thresholds[j].Length; b++)
                    trees.Add(Stump(_features[j], _thresholds[j][b], c * (_z[j][b + 1] - _z[j][b])));
            }
            return GbmTrees.FromViews(width, constant, trees);
        }

        /// <summary>A one-split tree adding <paramref name="step"/> when the value is above <paramref name="threshold"/>.</summary>
        private static TreeView Stump(int feature, float threshold, double step) =>
            new(new[] { feature }, new[] { threshold }, new[] { ~0 }, new[] { ~1 }, new[] { 0, step });

        private static int Bin(float[] cuts, float v)
        {
            // Cuts strictly below v: x ≤ cut goes left, as in the trees.
            var lo = 0;
            var hi = cuts.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (cuts[mid] < v)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            return lo;
        }
    }
}

/// <summary>
/// Settings of the linear log-odds effect (<see cref="UpliftLearner.LogOddsLinear"/>): ridge penalties on
/// the standardised coefficients, in the units of the log-likelihood's curvature (a coefficient's
/// information is about n·p(1 − p)·e(1 − e), some hundreds for 16k rows).
/// </summary>
public sealed record LinearEffectOptions
{
    /// <summary>Ridge on γ, the effect's dependence on the account. Several values: chosen per fit by held-out deviance.</summary>
    // 1000 (about twice a coefficient's own information at 16k rows: strong shrinkage towards the average effect)
    // measured best of 1000 and a choice by held-out deviance among 30–10000 on generator seeds 1–5 (docs/benchmarks.md).
    public IReadOnlyList<double> EffectRidge { get; init; } = [1000];
    /// <summary>Ridge on α, the per-experiment correction of the control model.</summary>
    public double BaselineRidge { get; init; } = 10;
    /// <summary>Ridge on b, the average effect (what the experiment measures best).</summary>
    public double AverageEffectRidge { get; init; } = 1;
    /// <summary>Quantile bins per feature.</summary>
    public int Bins { get; init; } = 32;
    public int RidgeFolds { get; init; } = 3;
    public int MaxIterations { get; init; } = 25;
    /// <summary>
    /// Share of the log-odds DR learner's stump effect (fitted on pseudo-outcomes, <see cref="UpliftLearner.DRLogOdds"/>)
    /// in the effect; 0 = the linear effect alone.
    /// </summary>
    // Half and half measured better over prefill_form and unlock_trial (seeds 1–5) than either effect alone (docs/benchmarks.md):
    // the linear fit is steadier where the effect is weak, the stumps follow shapes a line cannot.
    public double StumpShare { get; init; } = 0.5;
    /// <summary>Seed of the ridge choice's folds; set per fit.</summary>
    public int Seed { get; init; }
}
