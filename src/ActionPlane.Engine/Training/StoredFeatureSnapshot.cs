using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Training;

/// <summary>
/// A feature snapshot stored once under its hash (<see cref="FeatureSnapshot.Hash"/>), as the design's
/// "hash plus stored snapshot": one propose records 5–8 decisions on the same snapshot, so its events
/// and training examples carry <c>FeatureSnapshotHash</c> and this document holds the values once, in
/// the same transaction. Events recorded before it carry the snapshot themselves.
/// </summary>
public sealed record StoredFeatureSnapshot(string Id, FeatureSnapshot Features)
{
    public static StoredFeatureSnapshot Of(FeatureSnapshot features) => new(features.Hash(), features);
}
