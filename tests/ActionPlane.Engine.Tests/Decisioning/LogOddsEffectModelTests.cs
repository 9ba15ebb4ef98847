using ActionPlane.Engine.Decisioning.Learning;

namespace ActionPlane.Engine.Tests.Decisioning;

public sealed class LogOddsEffectModelTests
{
    // A confounded log: an unobserved risk u raises churn and, as a CSM would, the chance of being
    // treated (logged propensity σ(1.5u)). The action shifts churn log-odds by −0.8 − 0.6·z₀ (z₀ ~ N(0,1)
    // observed); z₁ is observed noise. The churn model's offset knows the observed baseline only.
    private static List<EffectRow> Log(int n, bool weighted, int seed)
    {
        var rng = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var raw = new List<(double[] Z, double Offset, bool Treated, bool Churned, double Propensity)>();
        for (var i = 0; i < n; i++)
        {
            var z = new[] { Gaussian(), Gaussian() };
            var u = Gaussian();
            var offset = -1.2 + 0.5 * z[1];
            var propensity = 1 / (1 + Math.Exp(-1.5 * u));
            var treated = rng.NextDouble() < propensity;
            var logit = offset + u + (treated ? -0.8 - 0.6 * z[0] : 0);
            raw.Add((z, offset, treated, rng.NextDouble() < 1 / (1 + Math.Exp(-logit)), propensity));
        }
        double Inverse((double[] Z, double Offset, bool Treated, bool Churned, double Propensity) r) => weighted ? 1 / (r.Treated ? r.Propensity : 1 - r.Propensity) : 1;
        var treatedScale = raw.Count(r => r.Treated) / raw.Where(r => r.Treated).Sum(Inverse);
        var controlScale = raw.Count(r => !r.Treated) / raw.Where(r => !r.Treated).Sum(Inverse);
        return [.. raw.Select(r => new EffectRow(r.Z, r.Offset, r.Treated, r.Churned, Inverse(r) * (r.Treated ? treatedScale : controlScale)))];
    }

    [Fact]
    public void Fit_RecoversAnAccountDependentEffect_FromConfoundedLogs_WhenWeightedByThePropensity()
    {
        var options = new EffectModelOptions { EffectRidge = 1, AverageEffectRidge = 0 };
        var weighted = LogOddsEffectModel.Fit(Log(20_000, weighted: true, seed: 1), options)!;
        var naive = LogOddsEffectModel.Fit(Log(20_000, weighted: false, seed: 1), options)!;

        // Coefficients are per standard deviation of z (≈ 1 here): b ≈ −0.8, γ₀ ≈ −0.6, γ₁ ≈ 0.
        // Marginal (not conditional on u) effects are a little smaller in size: logistic non-collapsibility.
        weighted.EffectCoefficients[0].Should().BeInRange(-0.95, -0.5);
        weighted.EffectCoefficients[1].Should().BeInRange(-0.75, -0.3);
        weighted.EffectCoefficients[2].Should().BeInRange(-0.15, 0.15);
        // Without the weights, treated accounts look riskier and the action looks much weaker.
        naive.EffectCoefficients[0].Should().BeGreaterThan(weighted.EffectCoefficients[0] + 0.4);
    }

    [Fact]
    public void Predict_GivesMoreUpliftWhereTheEffectIsLarger_AndNoneWhereNobodyChurns()
    {
        var model = LogOddsEffectModel.Fit(Log(20_000, weighted: true, seed: 2))!;

        var responsive = model.Predict([1.5, 0], 0.3);
        var unresponsive = model.Predict([-1.5, 0], 0.3);
        var safe = model.Predict([1.5, 0], 0.001);

        responsive.Uplift.Should().BeGreaterThan(unresponsive.Uplift + 0.05);
        responsive.StdError.Should().BeGreaterThan(0);
        safe.Uplift.Should().BeInRange(0, 0.002, "an action cannot save an account that was not going to churn");
    }

    [Fact]
    public void Predict_ShiftsTheGivenRisk_NotTheFitsOwnBaseline()
    {
        // A churn model that understates every account's risk by 1.5 log-odds: the fit's intercept corrects it.
        var rows = Log(20_000, weighted: true, seed: 4).Select(r => r with { BaseLogit = r.BaseLogit - 1.5 }).ToList();
        var model = LogOddsEffectModel.Fit(rows)!;
        double[] z = [1.5, 0];
        const double p = 0.05;

        var onRisk = model.Predict(z, p);

        var (baseline, delta) = model.LogOdds(z, LogOddsEffectModel.Logit(p));
        var onBaseline = 1 / (1 + Math.Exp(-baseline)) - 1 / (1 + Math.Exp(-(baseline + delta)));
        onRisk.Uplift.Should().BeApproximately(p - 1 / (1 + Math.Exp(-(LogOddsEffectModel.Logit(p) + delta))), 1e-12);
        onRisk.Uplift.Should().BeInRange(0, p, "an action can at most save the risk the decision starts from");
        onBaseline.Should().BeGreaterThan(p, "the fit's baseline puts the risk well above the 5 % it was given");
        onRisk.StdError.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Fit_ReturnsNull_WhenAnArmHasTooFewRows()
    {
        var rows = Log(2_000, weighted: true, seed: 3).Where(r => !r.Treated).Take(500).ToList();

        LogOddsEffectModel.Fit(rows).Should().BeNull();
    }
}
