using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Uplift;

/// <summary>
/// One fitted uplift learner as a weighted sum of tree ensembles: P₁(x) − P₀(x) for a T-learner,
/// g·τ₀(x) + (1 − g)·τ₁(x) for an X-learner, τ(x) for a DR-learner.
/// </summary>
public sealed class UpliftPredictor
{
    private readonly (double Weight, GbmTrees Trees)[] _terms;
    // Scoring form: stump ensembles merged into one additive function, the other terms as they are.
    private readonly AdditiveStumps? _additive;
    private readonly (double Weight, GbmTrees Trees)[] _other;

    public UpliftPredictor(IEnumerable<(double Weight, GbmTrees Trees)> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        _terms = [.. terms];
        if (_terms.Length == 0 || _terms.Any(t => t.Trees.Width != _terms[0].Trees.Width))
            throw new ArgumentException("An uplift predictor needs at least one tree ensemble, all of the same width.", nameof(terms));
        var stumps = _terms.Where(t => t.Trees.IsAdditiveStumps).ToArray();
        _additive = stumps.Length == 0 ? null : new AdditiveStumps(stumps.SelectMany(t => t.Trees.Stumps(t.Weight)));
        _other = [.. _terms.Where(t => !t.Trees.IsAdditiveStumps)];
    }

    public int Width => _terms[0].Trees.Width;

    /// <summary>The weighted tree ensembles whose sum is the uplift (what <see cref="CompiledUplift"/> compiles).</summary>
    internal IReadOnlyList<(double Weight, GbmTrees Trees)> Terms => _terms;

    public double Predict(ReadOnlySpan<float> row)
    {
        var sum = _additive?.Predict(row) ?? 0;
        foreach (var (weight, trees) in _other)
            sum += weight * trees.Predict(row);
        return sum;
    }

    public double[] PredictMany(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var result = new double[rows.Count];
        for (var r = 0; r < result.Length; r++)
            result[r] = Predict(rows[r]);
        return result;
    }

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_terms.Length);
        foreach (var (weight, trees) in _terms)
        {
            writer.Write(weight);
            trees.Write(writer);
        }
    }

    public static UpliftPredictor Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var count = reader.ReadInt32();
        if (count is < 1 or > 16)
            throw new InvalidDataException($"An uplift predictor with {count} terms is malformed.");
        var terms = new (double, GbmTrees)[count];
        for (var i = 0; i < count; i++)
            terms[i] = (reader.ReadDouble(), GbmTrees.Read(reader));
        return new UpliftPredictor(terms);
    }
}
