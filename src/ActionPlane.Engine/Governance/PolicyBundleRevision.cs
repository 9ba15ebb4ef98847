namespace ActionPlane.Engine.Governance;

/// <summary>
/// A policy bundle revision that was active at some point (a Marten document keyed by the revision
/// hash), with every file as it was, so a past decision can be replayed under it and two revisions diffed.
/// </summary>
public sealed record PolicyBundleRevision
{
    /// <summary>The bundle revision (the hash of its files).</summary>
    public required string Id { get; init; }
    /// <summary>Bundle-relative path → file content (Rego and data.json).</summary>
    public required IReadOnlyDictionary<string, string> Files { get; init; }
    /// <summary>When this revision was first seen active.</summary>
    public required DateTimeOffset FirstActiveAt { get; init; }
    /// <summary>When it last became active (a revert to an older bundle activates it again).</summary>
    public required DateTimeOffset LastActivatedAt { get; init; }
}
