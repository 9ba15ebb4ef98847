namespace ActionPlane.Cli.Tests.Train;

/// <summary>A scratch folder for the data/train command tests, deleted afterwards.</summary>
internal sealed class ScratchDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ap-train-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string text)
    {
        System.IO.File.WriteAllText(File(name), text);
        return File(name);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
