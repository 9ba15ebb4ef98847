namespace ActionPlane.Cli.Bench;

/// <summary>Maps <c>--data</c> arguments onto bundle-relative files, so folders mount data.json at their path like a bundle.</summary>
internal sealed partial class BenchTarget
{
    internal static Dictionary<string, string> BundleFiles(IReadOnlyList<string> dataPaths)
    {
        if (dataPaths.Count == 0)
        {
            throw new ArgumentException("--data: give at least one Rego file, JSON file or bundle folder", "data");
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dataPath in dataPaths)
        {
            if (Directory.Exists(dataPath))
            {
                foreach (var file in Directory.EnumerateFiles(dataPath, "*", SearchOption.AllDirectories))
                {
                    var relative = Path.GetRelativePath(dataPath, file).Replace('\\', '/');
                    if (relative.EndsWith(".rego", StringComparison.Ordinal) || Path.GetFileName(relative) == "data.json")
                    {
                        Add(files, relative, file);
                    }
                }
            }
            else if (File.Exists(dataPath))
            {
                // A loose JSON file is base data at the root, as `opa eval -d data.json` mounts it.
                var name = dataPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "data.json"
                    : dataPath.EndsWith(".rego", StringComparison.Ordinal) ? Path.GetFileName(dataPath)
                    : throw new ArgumentException($"--data: {dataPath} is neither a .rego nor a .json file", "data");
                Add(files, name, dataPath);
            }
            else
            {
                throw new ArgumentException($"--data: {dataPath} does not exist", "data");
            }
        }

        return files;
    }

    private static void Add(Dictionary<string, string> files, string relative, string file)
    {
        if (!files.TryAdd(relative, File.ReadAllText(file)))
        {
            throw new ArgumentException($"--data: two arguments provide {relative}; pass one bundle folder or distinct files", "data");
        }
    }
}
