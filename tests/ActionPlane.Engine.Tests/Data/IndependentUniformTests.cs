using ActionPlane.Engine.Data;

namespace ActionPlane.Engine.Tests.Data;

/// <summary>The churn label's own draw: deterministic per (seed, account, salt), uniform, unrelated to neighbours.</summary>
public sealed class IndependentUniformTests
{
    [Fact]
    public void IndependentUniform_IsDeterministic_AndInTheUnitInterval()
    {
        var draws = Enumerable.Range(0, 10_000).Select(i => RandomExtensions.IndependentUniform(7, i, 1)).ToArray();

        draws.Should().Equal(Enumerable.Range(0, 10_000).Select(i => RandomExtensions.IndependentUniform(7, i, 1)));
        draws.Should().OnlyContain(u => u >= 0 && u < 1);
    }

    [Fact]
    public void IndependentUniform_IsUniform_AndUncorrelatedAcrossAccountsSeedsAndSalts()
    {
        const int n = 20_000;
        var u = Enumerable.Range(0, n).Select(i => RandomExtensions.IndependentUniform(7, i, 1)).ToArray();
        var nextAccount = Enumerable.Range(1, n).Select(i => RandomExtensions.IndependentUniform(7, i, 1)).ToArray();
        var nextSeed = Enumerable.Range(0, n).Select(i => RandomExtensions.IndependentUniform(8, i, 1)).ToArray();
        var otherSalt = Enumerable.Range(0, n).Select(i => RandomExtensions.IndependentUniform(7, i, 2)).ToArray();

        u.Average().Should().BeApproximately(0.5, 0.01);
        // Ten equal bins each hold a tenth, within ~4 standard deviations.
        u.GroupBy(x => (int)(x * 10)).Should().OnlyContain(g => Math.Abs(g.Count() - n / 10) < 4 * Math.Sqrt(n * 0.09));
        foreach (var other in new[] { nextAccount, nextSeed, otherSalt })
            Correlation(u, other).Should().BeInRange(-0.03, 0.03);
    }

    private static double Correlation(double[] a, double[] b)
    {
        var (ma, mb) = (a.Average(), b.Average());
        var cov = a.Zip(b, (x, y) => (x - ma) * (y - mb)).Sum();
        return cov / Math.Sqrt(a.Sum(x => (x - ma) * (x - ma)) * b.Sum(y => (y - mb) * (y - mb)));
    }
}
