using ActionPlane.Engine.Data;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Features;

/// <summary>How well <see cref="FeatureBuilder"/>'s features recover one latent driver of a generated tenant.</summary>
/// <param name="BestFeature">The single feature that explains most of the driver.</param>
/// <param name="BestR2">Its R², binned (a feature's 20 quantile bins each predict their mean): monotone or not, a relation counts.</param>
/// <param name="AllFeaturesR2">R² of an additive fit over every feature (one binned step function each, backfitted):
/// what a model of stumps could read off the features about this driver.</param>
public sealed record DriverRecovery(string Driver, string BestFeature, double BestR2, double AllFeaturesR2);

/// <summary>
/// How far the hazard's own noise puts the label out of any model's reach: ROC-AUCs against the
/// realised churn label of a generated tenant.
/// </summary>
/// <param name="OracleRocAuc">Of the true churn probability (drivers and noise), what <c>train churn --oracle-column</c> reports.</param>
/// <param name="NoiseFreeRocAuc">Of the hazard without its unobservable noise term: the best any features can reach.</param>
/// <param name="FeaturesRocAuc">Of the additive fit over all features to the noise-free log-odds (in-sample): what the features carry of it.</param>
public sealed record ChurnFloor(double OracleRocAuc, double NoiseFreeRocAuc, double FeaturesRocAuc)
{
    /// <summary>Oracle − noise-free: the part of the gap no feature can close.</summary>
    public double NoiseGap => OracleRocAuc - NoiseFreeRocAuc;

    /// <summary>Noise-free − features: the part better features could close.</summary>
    public double FeatureGap => NoiseFreeRocAuc - FeaturesRocAuc;
}

/// <summary>
/// Diagnoses the features against the generator's hidden drivers (and the hazard's observable
/// log-odds, i.e. without its noise term): a churn model can only be as close to the oracle as the
/// features let it see the drivers. Reads the ground truth, so it is a diagnostic for generated
/// data only, never a model input. R² values are in-sample; with thousands of rows and 20 bins per
/// feature the optimism is small.
/// </summary>
public static class DriverRecoveryAnalysis
{
    private const int Bins = 20;
    private const int BackfitRounds = 30;

    private static readonly (string Name, Func<ChurnDrivers, double> Value)[] Drivers =
    [
        ("usage_decline", d => d.UsageDecline),
        ("modules_adopted", d => d.ModulesAdopted),
        ("seat_utilisation", d => d.SeatUtilisation),
        ("support_friction", d => d.SupportFriction),
        ("downgraded", d => d.Downgraded ? 1 : 0),
        ("days_to_renewal", d => d.DaysToRenewal),
        ("observable_log_odds", d => LogOdds.Of(ChurnHazard.Probability(d with { Noise = 0 }))),
    ];

    public static IReadOnlyList<DriverRecovery> Measure(GeneratedTenant tenant) => Measure(tenant, FeatureBins(tenant));

    /// <summary>
    /// The label's ROC-AUC from the true probability, from the hazard without its noise, and from the
    /// features' additive fit to that noise-free log-odds: splits the gap to the oracle into what noise
    /// costs and what the features miss.
    /// </summary>
    public static ChurnFloor Floor(GeneratedTenant tenant) => Floor(tenant, FeatureBins(tenant));

    /// <summary><see cref="Measure(GeneratedTenant)"/> and <see cref="Floor(GeneratedTenant)"/> from one feature build.</summary>
    public static (IReadOnlyList<DriverRecovery> Drivers, ChurnFloor Floor) MeasureAll(GeneratedTenant tenant)
    {
        var bins = FeatureBins(tenant);
        return (Measure(tenant, bins), Floor(tenant, bins));
    }

    private static int[][] FeatureBins(GeneratedTenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var signals = tenant.SignalsByAccount();
        var snapshots = tenant.Accounts.Select(a => FeatureBuilder.Build(a, signals[a.Id], tenant.AsOf)).ToList();
        return [.. FeatureBuilder.FeatureNames.Select(name => BinsOf([.. snapshots.Select(s => s.Values[name])]))];
    }

    private static List<DriverRecovery> Measure(GeneratedTenant tenant, int[][] bins)
    {
        var result = new List<DriverRecovery>(Drivers.Length);
        foreach (var (driver, value) in Drivers)
        {
            var y = tenant.Accounts.Select(a => value(tenant.Truth[a.Id].Drivers)).ToArray();
            var single = bins.Select(b => AdditiveR2([b], y)).ToArray();
            var best = Array.IndexOf(single, single.Max());
            result.Add(new DriverRecovery(driver, FeatureBuilder.FeatureNames[best], single[best], AdditiveR2(bins, y)));
        }
        return result;
    }

    private static ChurnFloor Floor(GeneratedTenant tenant, int[][] bins)
    {
        var truth = tenant.Accounts.Select(a => tenant.Truth[a.Id]).ToArray();
        var labels = truth.Select(t => t.Churned).ToArray();
        var noiseFree = truth.Select(t => LogOdds.Of(ChurnHazard.Probability(t.Drivers with { Noise = 0 }))).ToArray();
        return new ChurnFloor(
            BinaryMetrics.RocAuc(truth.Select(t => t.TrueChurnProbability).ToArray(), labels),
            BinaryMetrics.RocAuc(noiseFree, labels),
            BinaryMetrics.RocAuc(AdditiveFit(bins, noiseFree), labels));
    }

    /// <summary>Quantile bin of each value, 1…<see cref="Bins"/>; bin 0 holds the missing ones.</summary>
    internal static int[] BinsOf(double?[] values)
    {
        var present = values.Where(v => v is { } d && double.IsFinite(d)).Select(v => v!.Value).Order().ToArray();
        var cuts = present.Length == 0 ? [] : Enumerable.Range(1, Bins - 1).Select(i => present[i * present.Length / Bins]).Distinct().ToArray();
        return [.. values.Select(v => v is { } d && double.IsFinite(d) ? 1 + UpperBound(cuts, d) : 0)];
    }

    /// <summary>R² of a sum of one step function per binned feature, fitted by backfitting.</summary>
    internal static double AdditiveR2(int[][] bins, double[] y)
    {
        var mean = y.Average();
        var prediction = AdditiveFit(bins, y);
        double residual = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            residual += (y[i] - prediction[i]) * (y[i] - prediction[i]);
            total += (y[i] - mean) * (y[i] - mean);
        }
        return total <= 0 ? 0 : 1 - residual / total;
    }

    /// <summary>The in-sample prediction of a sum of one step function per binned feature, fitted by backfitting.</summary>
    internal static double[] AdditiveFit(int[][] bins, double[] y)
    {
        var mean = y.Average();
        var steps = bins.Select(_ => new double[Bins + 1]).ToArray();
        var prediction = Enumerable.Repeat(mean, y.Length).ToArray();
        for (var round = 0; round < (bins.Length == 1 ? 1 : BackfitRounds); round++)
            for (var j = 0; j < bins.Length; j++)
            {
                var sums = new double[Bins + 1];
                var counts = new int[Bins + 1];
                for (var i = 0; i < y.Length; i++)
                {
                    sums[bins[j][i]] += y[i] - prediction[i] + steps[j][bins[j][i]];
                    counts[bins[j][i]]++;
                }
                for (var i = 0; i < y.Length; i++)
                {
                    var b = bins[j][i];
                    prediction[i] += sums[b] / counts[b] - steps[j][b];
                }
                for (var b = 0; b <= Bins; b++)
                    steps[j][b] = counts[b] == 0 ? 0 : sums[b] / counts[b];
            }
        return prediction;
    }

    /// <summary>Number of cuts less than or equal to <paramref name="value"/>.</summary>
    private static int UpperBound(double[] cuts, double value)
    {
        int low = 0, high = cuts.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (cuts[mid] <= value) low = mid + 1;
            else high = mid;
        }
        return low;
    }
}
