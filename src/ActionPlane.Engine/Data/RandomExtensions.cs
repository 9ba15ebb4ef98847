namespace ActionPlane.Engine.Data;

/// <summary>The few distributions the generator needs, on a seeded <see cref="Random"/>.</summary>
internal static class RandomExtensions
{
    public static double Gaussian(this Random rng)
    {
        // Box–Muller; 1 - NextDouble() keeps the logarithm away from zero.
        var u1 = 1 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static int Poisson(this Random rng, double mean)
    {
        if (mean <= 0)
            return 0;
        if (mean > 30)
            return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * rng.Gaussian()));
        // Knuth's method is exact and cheap for small means.
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = rng.NextDouble();
        while (p > limit)
        {
            k++;
            p *= rng.NextDouble();
        }
        return k;
    }

    public static bool Chance(this Random rng, double probability) => rng.NextDouble() < probability;

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    /// <summary>
    /// A uniform draw in [0, 1) that depends only on (<paramref name="seed"/>, <paramref name="index"/>,
    /// <paramref name="salt"/>): SplitMix64 over the three, shared with no <see cref="Random"/> stream.
    /// Why: draws of one seeded <see cref="Random"/> are not independent of each other (its subtractive
    /// generator makes each output a difference of two earlier ones), so an outcome drawn from the
    /// stream its signals come from can be read back from those signals.
    /// </summary>
    public static double IndependentUniform(int seed, int index, ulong salt)
    {
        var x = SplitMix((ulong)(uint)seed ^ SplitMix(((ulong)(uint)index << 32) ^ salt));
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong SplitMix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
