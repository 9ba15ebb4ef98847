using ActionPlane.Engine.Models;
using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Uplift;

/// <summary>
/// The uplift models of several action types compiled into one <see cref="CompiledForest"/>, so a
/// feature row is binned once and every member of every model is scored in one pass: each member's
/// identity-link ensembles (X/DR effect models) add into one slot, each logistic ensemble (a
/// T-learner's outcome models) into its own slot, which the link and the term's weight turn into
/// the member's uplift; the members' mean and spread then come from one loop. Gives the same
/// estimates as <see cref="UpliftModel.Predict"/> up to floating-point summation order, for any
/// learner (any weighted sum of LightGBM/FastTree ensembles). Thread-safe; scratch is per thread.
/// </summary>
public sealed class CompiledUplift
{
    private readonly CompiledForest _forest;
    // Model a's members are [_memberStart[a], _memberStart[a + 1]); member m's terms [_termStart[m], _termStart[m + 1]).
    private readonly int[] _memberStart;
    private readonly int[] _termStart;
    private readonly Term[] _terms;

    private readonly record struct Term(int Slot, double Weight, bool Logistic, double Slope, double Offset);

    public CompiledUplift(IReadOnlyList<UpliftModel> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
            throw new ArgumentException("At least one uplift model is needed.", nameof(models));
        var width = models[0].FeatureNames.Count;
        if (models.Any(m => m.FeatureNames.Count != width))
            throw new ArgumentException("All uplift models must take the same features.", nameof(models));
        var parts = new List<(int Slot, double Weight, GbmTrees Trees)>();
        var terms = new List<Term>();
        var memberStart = new List<int>();
        var termStart = new List<int>();
        var slots = 0;
        foreach (var model in models)
        {
            memberStart.Add(termStart.Count);
            foreach (var member in model.MemberPredictors)
            {
                termStart.Add(terms.Count);
                var additive = -1;
                foreach (var (weight, trees) in member.Terms)
                {
                    if (trees.Link == GbmLink.Logistic)
                    {
                        parts.Add((slots, 1, trees));
                        terms.Add(new Term(slots++, weight, true, trees.Slope, trees.Offset));
                        continue;
                    }
                    if (additive < 0)
                    {
                        additive = slots++;
                        terms.Add(new Term(additive, 1, false, 0, 0));
                    }
                    parts.Add((additive, weight, trees));
                }
            }
        }
        memberStart.Add(termStart.Count);
        termStart.Add(terms.Count);
        _forest = new CompiledForest(width, slots, parts);
        _memberStart = [.. memberStart];
        _termStart = [.. termStart];
        _terms = [.. terms];
        Count = models.Count;
    }

    /// <summary>Models compiled, in the order <see cref="Predict"/> writes their estimates.</summary>
    public int Count { get; }

    /// <summary>How the trees were compiled (folded into step tables / scored by leaf masks / walked).</summary>
    public (int Folded, int Masked, int Walked) TreeCounts => _forest.TreeCounts;

    public Scratch NewScratch() => new(_forest.NewScratch(), new double[_forest.Slots]);

    /// <summary>Per-thread buffers.</summary>
    public sealed record Scratch(CompiledForest.Scratch Forest, double[] Slots);

    /// <summary>Writes every model's estimate for <paramref name="row"/>, in model order, into <paramref name="estimates"/>.</summary>
    public void Predict(ReadOnlySpan<float> row, Span<UpliftEstimate> estimates, Scratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        if (estimates.Length != Count)
            throw new ArgumentException($"Room for {Count} estimates is needed.", nameof(estimates));
        var slots = scratch.Slots;
        _forest.Raw(row, slots, scratch.Forest);
        for (var a = 0; a < Count; a++)
        {
            double sum = 0, sumOfSquares = 0;
            for (var m = _memberStart[a]; m < _memberStart[a + 1]; m++)
            {
                double u = 0;
                for (var t = _termStart[m]; t < _termStart[m + 1]; t++)
                {
                    var term = _terms[t];
                    var raw = slots[term.Slot];
                    u += term.Weight * (term.Logistic ? 1 / (1 + Math.Exp(term.Slope * raw + term.Offset)) : raw);
                }
                sum += u;
                sumOfSquares += u * u;
            }
            // The same arithmetic as UpliftModel.Predict.
            var n = _memberStart[a + 1] - _memberStart[a];
            var mean = sum / n;
            var variance = n > 1 ? Math.Max(0, (sumOfSquares - n * mean * mean) / (n - 1)) : 0;
            estimates[a] = new UpliftEstimate(mean, Math.Sqrt(variance));
        }
    }
}
