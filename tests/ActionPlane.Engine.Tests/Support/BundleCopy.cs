using ActionPlane.Engine.Storage;

namespace ActionPlane.Engine.Tests.Support;

/// <summary>
/// A private copy of the real policy bundle in a temp folder, for tests that edit policy files
/// (the bundle next to the binaries is shared by every test). Deleted on dispose.
/// </summary>
public sealed class BundleCopy : IDisposable
{
    public BundleCopy()
    {
        var source = new ActionPlaneEngineOptions().PoliciesDirectory;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(Path, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The folder to use as <see cref="ActionPlaneEngineOptions.PoliciesDirectory"/>.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ap-bundle-" + Guid.NewGuid().ToString("N"));

    /// <summary>Writes (or replaces) a file of the bundle, e.g. <c>actionplane/gate/paused.rego</c>.</summary>
    public void Write(string relativePath, string text)
    {
        var target = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        File.WriteAllText(target, text);
    }

    public string Read(string relativePath) => File.ReadAllText(System.IO.Path.Combine(Path, relativePath));

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
