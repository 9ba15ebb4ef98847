namespace ActionPlane.Engine.Models.Drift;

/// <summary>
/// What a model version saw at training time, stored with it so drift can be measured later:
/// each feature's binned distribution over the training examples and the reliability curve on the
/// held-out test split.
/// </summary>
public sealed record DriftBaseline(IReadOnlyList<FeatureBaseline> Features, ReliabilityCurve? Calibration, int Examples)
{
    public static DriftBaseline Capture(IReadOnlyList<ChurnExample> examples, HeldOutPredictions? heldOut)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var names = examples.SelectMany(e => e.Features.Values.Keys).Distinct().Order(StringComparer.Ordinal);
        var features = names
            .Select(name => FeatureBaseline.Capture(name, [.. examples.Select(e => e.Features.Values.GetValueOrDefault(name))]))
            .ToList();
        var calibration = heldOut is { Probabilities.Count: > 0 } h ? ReliabilityCurve.Of(h.Probabilities, h.Labels) : null;
        return new DriftBaseline(features, calibration, examples.Count);
    }
}

/// <summary>Calibrated probabilities and true labels of a model's held-out test split.</summary>
public sealed record HeldOutPredictions(IReadOnlyList<double> Probabilities, IReadOnlyList<bool> Labels);
