using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ActionPlane.Policies.Rego;

namespace ActionPlane.Policies;

/// <summary>
/// A loaded and compiled Rego bundle: every <c>.rego</c> file plus every <c>data.json</c>, merged at
/// its folder path like an OPA bundle. <see cref="Revision"/> identifies the exact files it came from.
/// </summary>
public sealed class PolicyBundle
{
    private PolicyBundle(string? directory, IReadOnlyList<string> files, string revision, RegoEngine engine)
    {
        Directory = directory;
        Files = files;
        Revision = revision;
        Engine = engine;
    }

    /// <summary>The folder it was loaded from, or null for an in-memory bundle.</summary>
    public string? Directory { get; }

    /// <summary>Bundle-relative paths of the policy and data files, sorted.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Short SHA-256 over the files' paths and contents.</summary>
    public string Revision { get; }

    internal RegoEngine Engine { get; }

    /// <summary>Loads every <c>.rego</c> and <c>data.json</c> under <paramref name="directory"/>.</summary>
    public static PolicyBundle Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new PolicyLoadException($"policy directory not found: {directory}");
        }

        var root = Path.GetFullPath(directory);
        var files = System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".rego", StringComparison.Ordinal) || Path.GetFileName(f) == "data.json")
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToDictionary(f => f, f => File.ReadAllText(Path.Combine(root, f)));
        return Build(root, files);
    }

    /// <summary>Builds a bundle from in-memory files (bundle-relative path → content).</summary>
    public static PolicyBundle FromFiles(IReadOnlyDictionary<string, string> files) =>
        Build(null, files.OrderBy(f => f.Key, StringComparer.Ordinal).ToDictionary(f => f.Key, f => f.Value));

    private static PolicyBundle Build(string? root, Dictionary<string, string> files)
    {
        Value data = ObjectValue.Empty;
        var sources = new List<(string, string)>();
        foreach (var (path, text) in files)
        {
            if (path.EndsWith(".rego", StringComparison.Ordinal))
            {
                sources.Add((path, text));
                continue;
            }

            Value doc;
            try
            {
                doc = ValueJson.Parse(text);
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new PolicyLoadException($"{path}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: invalid JSON: {e.Message}", path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, e);
            }

            if (Path.GetDirectoryName(path) is null or "" && doc is not ObjectValue)
            {
                throw new PolicyLoadException($"{path}:1:1: the root data.json must hold an object", path, 1, 1);
            }

            data = MountData(data, path, doc);
        }

        RegoEngine engine;
        try
        {
            engine = RegoEngine.Create(sources, data);
        }
        catch (RegoException e)
        {
            var loc = e.Location;
            throw new PolicyLoadException(e.Message, loc?.File, loc?.Row ?? 0, loc?.Col ?? 0, e);
        }

        return new PolicyBundle(root, files.Keys.ToList(), ComputeRevision(files), engine);
    }

    /// <summary>Merges a data file's document into <paramref name="data"/> at the file's folder, as a bundle mounts data.json.</summary>
    internal static Value MountData(Value data, string relativePath, Value doc)
    {
        var folder = Path.GetDirectoryName(relativePath)?.Replace('\\', '/') ?? "";
        var segments = folder.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var existing = segments.Aggregate((Value?)data, (cur, s) => cur is ObjectValue o ? o.Get(s) : null);
        var merged = existing is ObjectValue eo && doc is ObjectValue no ? Evaluator.Merge(no, eo) : doc;
        return Evaluator.Upsert(data, segments, 0, merged);
    }

    private static string ComputeRevision(Dictionary<string, string> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, text) in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(path));
            sha.AppendData([0]);
            sha.AppendData(Encoding.UTF8.GetBytes(text));
            sha.AppendData([0]);
        }

        return Convert.ToHexString(sha.GetHashAndReset())[..12].ToLowerInvariant();
    }

    /// <summary>The merged base documents (all data.json files) as JSON.</summary>
    public JsonNode? Data => ValueJson.ToNode(Engine.Policy.Data);
}
