namespace ActionPlane.Policies.Bundles;

/// <summary>
/// What one reload attempt did: whether a new revision became active, the revision active now, and
/// the load error that kept the previous revision in place (null on success).
/// </summary>
public sealed record BundleReloadResult(bool Changed, string Revision, PolicyLoadException? Error, DateTimeOffset At);
