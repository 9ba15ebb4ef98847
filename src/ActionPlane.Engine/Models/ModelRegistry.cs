using Marten;

namespace ActionPlane.Engine.Models;

/// <summary>Stores versioned model artifacts in Marten and hands out the champion of each kind.</summary>
public sealed class ModelRegistry(IDocumentStore store)
{
    /// <summary>The next free version of <paramref name="kind"/> for <paramref name="day"/>, e.g. <c>churn-20261123-2</c>.</summary>
    public async Task<ModelVersion> NextVersionAsync(string kind, DateOnly day, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        await using var session = store.QuerySession();
        var versions = await session.Query<ModelArtifact>().Where(a => a.Kind == kind).Select(a => a.Version).ToListAsync(cancellationToken);
        var last = versions
            .Select(v => ModelVersion.TryParse(v, out var parsed) ? parsed : null)
            .Where(v => v is not null && v.Value.Day == day)
            .Select(v => v!.Value.Sequence)
            .DefaultIfEmpty(0)
            .Max();
        return new ModelVersion(kind, day, last + 1);
    }

    /// <summary>
    /// Saves a new artifact; with <paramref name="promote"/> it becomes the champion and the previous
    /// champion is demoted in the same transaction. An existing version is never overwritten.
    /// </summary>
    public async Task SaveAsync(ModelArtifact artifact, bool promote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (artifact.Id != artifact.Version)
            throw new ArgumentException($"Id '{artifact.Id}' must equal Version '{artifact.Version}'.", nameof(artifact));
        if (!ModelVersion.TryParse(artifact.Version, out var version) || version.Value.Kind != artifact.Kind)
            throw new ArgumentException($"Version '{artifact.Version}' is not a '{artifact.Kind}-yyyyMMdd-n' version.", nameof(artifact));
        if (artifact.Bytes.Length == 0)
            throw new ArgumentException("Bytes: the artifact holds no model.", nameof(artifact));

        await using var session = store.LightweightSession();
        if (await session.LoadAsync<ModelArtifact>(artifact.Id, cancellationToken) is not null)
            throw new InvalidOperationException($"Model version '{artifact.Id}' already exists; versions are immutable.");
        if (promote)
            await DemoteChampionsAsync(session, artifact.Kind, cancellationToken);
        session.Insert(artifact with { IsChampion = promote });
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Makes an existing version the champion of its kind.</summary>
    public async Task PromoteAsync(string version, CancellationToken cancellationToken = default)
    {
        await using var session = store.LightweightSession();
        var artifact = await session.LoadAsync<ModelArtifact>(version, cancellationToken)
            ?? throw new ArgumentException($"version: no model '{version}' in the registry.", nameof(version));
        await DemoteChampionsAsync(session, artifact.Kind, cancellationToken);
        session.Store(artifact with { IsChampion = true });
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Every stored version, oldest first (optionally of one <paramref name="kind"/>), for the registry views.</summary>
    public async Task<IReadOnlyList<ModelArtifact>> ListAsync(string? kind = null, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        IQueryable<ModelArtifact> query = session.Query<ModelArtifact>();
        if (kind is not null)
            query = query.Where(a => a.Kind == kind);
        return await query.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken);
    }

    public async Task<ModelArtifact?> LoadChampionAsync(string kind, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<ModelArtifact>()
            .Where(a => a.Kind == kind && a.IsChampion)
            .OrderByDescending(a => a.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<ModelArtifact?> LoadLatestAsync(string kind, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<ModelArtifact>()
            .Where(a => a.Kind == kind)
            .OrderByDescending(a => a.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The champion churn model, ready to predict, or null when none was trained yet.</summary>
    public async Task<ChurnModel?> LoadChurnChampionAsync(CancellationToken cancellationToken = default) =>
        await LoadChampionAsync(ChurnModelCard.Kind, cancellationToken) is { } artifact ? ChurnModel.Load(artifact.Bytes) : null;

    /// <summary>Stages the demotion of every champion of <paramref name="kind"/> in <paramref name="session"/> (saved with the caller's other changes).</summary>
    internal static async Task DemoteChampionsAsync(IDocumentSession session, string kind, CancellationToken cancellationToken)
    {
        var champions = await session.Query<ModelArtifact>().Where(a => a.Kind == kind && a.IsChampion).ToListAsync(cancellationToken);
        foreach (var champion in champions)
            session.Store(champion with { IsChampion = false });
    }
}
