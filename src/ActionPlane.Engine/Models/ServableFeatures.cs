using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Models;

/// <summary>
/// Whether this build's <see cref="FeatureBuilder"/> can feed a stored model. Every model keeps the
/// feature list it was trained on, so a champion registered by an older version may name features
/// this version no longer builds. Such a model must be replaced, not served: scoring it would fail on
/// every account (or, for models that share one vector, read the wrong columns).
/// </summary>
public static class ServableFeatures
{
    /// <summary>
    /// Null when every feature the model names is built (the churn model reads its features by name);
    /// otherwise why it cannot be served.
    /// </summary>
    public static string? WhyNotByName(IReadOnlyList<string> modelFeatures)
    {
        ArgumentNullException.ThrowIfNull(modelFeatures);
        var built = FeatureBuilder.FeatureNames.ToHashSet(StringComparer.Ordinal);
        var missing = modelFeatures.Where(f => !built.Contains(f)).ToList();
        return missing.Count == 0 ? null
            : $"it takes {modelFeatures.Count} features, {missing.Count} of which this version does not build ({Sample(missing)})";
    }

    /// <summary>
    /// Null when the model takes exactly the features this version builds, in the same order (uplift
    /// and ranking models are compiled against the one shared vector); otherwise why it cannot be served.
    /// </summary>
    public static string? WhyNotExact(IReadOnlyList<string> modelFeatures)
    {
        ArgumentNullException.ThrowIfNull(modelFeatures);
        if (modelFeatures.SequenceEqual(FeatureBuilder.FeatureNames, StringComparer.Ordinal))
            return null;
        return WhyNotByName(modelFeatures)
            ?? $"it takes {modelFeatures.Count} features and this version builds {FeatureBuilder.FeatureNames.Count}, in another order or number";
    }

    /// <summary>True when the snapshot has every feature this version builds (one recorded by an older version may lack some).</summary>
    public static bool HasEveryBuiltFeature(FeatureSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var name in FeatureBuilder.FeatureNames)
            if (!snapshot.Values.ContainsKey(name))
                return false;
        return true;
    }

    private static string Sample(List<string> names) =>
        string.Join(", ", names.Take(3).Select(n => $"'{n}'")) + (names.Count > 3 ? $" and {names.Count - 3} more" : "");
}
