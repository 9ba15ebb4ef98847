using ActionPlane.Engine.Data;
using ActionPlane.Engine.Decisioning.Learning;
using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Tests.Decisioning;

public sealed class EffectFeaturesTests
{
    private static readonly GeneratedTenant Tenant = new TenantGenerator(5).Generate(1500, new DateOnly(2026, 1, 1));

    private static (double[] Term, ChurnDrivers Truth)[] Rows(string name)
    {
        var j = EffectFeatures.Names.ToList().IndexOf(name);
        j.Should().BeGreaterThanOrEqualTo(0, $"'{name}' is an effect term");
        var signals = Tenant.SignalsByAccount();
        return [.. Tenant.Accounts.Select(a => (
            EffectFeatures.From(FeatureBuilder.ToVector(FeatureBuilder.Build(a, signals[a.Id], Tenant.AsOf))),
            Tenant.Truth[a.Id].Drivers))
            .Select(r => (new[] { r.Item1[j] }, r.Drivers))];
    }

    private static double Correlation(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double ma = a.Average(), mb = b.Average(), ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Count; i++)
        {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.Sqrt(aa * bb);
    }

    [Theory]
    // Each driver term against the driver on the 0–1 scale the generator's effects use.
    [InlineData("decline", 0.9)]
    [InlineData("shallow", 0.95)]
    [InlineData("unused", 0.95)]
    [InlineData("friction", 0.85)]
    public void EachDriverTerm_TracksItsHiddenDriver(string term, double minCorrelation)
    {
        Func<ChurnDrivers, double> truth = term switch
        {
            "decline" => d => Math.Clamp(d.UsageDecline, 0, 1),
            "shallow" => d => (6 - Math.Clamp(d.ModulesAdopted, 1, 6)) / 5.0,
            "unused" => d => 1 - Math.Clamp(d.SeatUtilisation, 0, 1),
            _ => d => Math.Clamp(d.SupportFriction, 0, 1),
        };
        var rows = Rows(term);

        Correlation([.. rows.Select(r => r.Term[0])], [.. rows.Select(r => truth(r.Truth))]).Should().BeGreaterThan(minCorrelation);
        rows.Should().OnlyContain(r => r.Term[0] >= 0 && r.Term[0] <= 1, "every driver term is on the driver's 0–1 scale");
    }

    [Fact]
    public void RenewalTerm_FollowsTheRenewalWindowTheEffectsUse()
    {
        // The generator's renewal driver: 0 beyond a quarter, from 0.5 at 90 days to 1 on the day.
        var rows = Rows("renewal_soon");
        static double Truth(ChurnDrivers d) => d.DaysToRenewal <= 90 ? 1 - 0.5 * Math.Max(0, d.DaysToRenewal) / 90.0 : 0;

        Correlation([.. rows.Select(r => r.Term[0])], [.. rows.Select(r => Truth(r.Truth))]).Should().BeGreaterThan(0.8);
        rows.Count(r => r.Truth.DaysToRenewal > 120 && r.Term[0] > 0).Should().BeLessThan(rows.Length / 50);
    }

    [Fact]
    public void From_GivesNeutralFiniteTerms_ForAnAccountWithNoSignals()
    {
        var vector = Enumerable.Repeat(float.NaN, FeatureBuilder.FeatureNames.Count).ToArray();

        var terms = EffectFeatures.From(vector);

        terms.Should().HaveCount(EffectFeatures.Names.Count).And.OnlyContain(t => double.IsFinite(t));
    }
}
