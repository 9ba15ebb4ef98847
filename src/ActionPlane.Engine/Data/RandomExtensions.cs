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
}
