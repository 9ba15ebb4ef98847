using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tabular;
using Marten;

namespace ActionPlane.Cli.Train;

/// <summary>Where <c>--register</c> stores a model trained on a user's file: the PostgreSQL model registry.</summary>
internal sealed record RegisterTarget(string ConnectionString);

/// <summary>
/// <c>--register [--connection CS]</c> of the train commands: the model trained on the user's file
/// goes into the model registry as a challenger of kind <c>csv/churn</c>, <c>csv/uplift</c> or
/// <c>csv/rank</c> (never the champion the product scores with). Registration is the last step,
/// after all input has been read and the model trained, and one transaction: bad input leaves
/// nothing in the registry.
/// </summary>
internal static class ModelRegistration
{
    public const string ConnectionVariable = "ConnectionStrings__ActionPlane";

    /// <summary>Adds the options; the returned function gives the target, or null without <c>--register</c>.</summary>
    public static Func<ParseResult, RegisterTarget?> AddTo(Command command)
    {
        var register = new Option<bool>("--register") { Description = $"Store the trained model in the model registry (database from --connection or {ConnectionVariable})" };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string for --register" };
        command.Options.Add(register);
        command.Options.Add(connection);
        return parse => Target(parse.GetValue(register), parse.GetValue(connection));
    }

    public static RegisterTarget? Target(bool register, string? connection)
    {
        if (!register)
            return connection is null ? null : throw new ArgumentException("--connection is only used with --register.");
        var resolved = connection ?? Environment.GetEnvironmentVariable(ConnectionVariable);
        return string.IsNullOrWhiteSpace(resolved)
            ? throw new ArgumentException($"--register needs a database: pass --connection or set {ConnectionVariable}.")
            : new RegisterTarget(resolved);
    }

    /// <summary>Saves a challenger of <paramref name="kind"/>; returns its version.</summary>
    public static string Register(RegisterTarget target, string kind, string source, IReadOnlyList<string> features, int rows,
        IReadOnlyDictionary<string, double> metrics, string description, Func<ModelVersion, byte[]> bytes, ThresholdChoice? threshold = null)
    {
        using var store = DocumentStore.For(o => ActionPlaneStore.Configure(o, new ActionPlaneEngineOptions { ConnectionString = target.ConnectionString }));
        var registry = new ModelRegistry(store);
        var now = DateTimeOffset.UtcNow;
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var version = registry.NextVersionAsync(kind, day).GetAwaiter().GetResult();
        var model = bytes(version);
        registry.SaveAsync(new ModelArtifact
        {
            Id = version.ToString(),
            Kind = kind,
            Version = version.ToString(),
            CreatedAt = now,
            Metrics = metrics.Where(kv => double.IsFinite(kv.Value)).ToDictionary(),
            Features = features,
            TrainingWindow = new TrainingWindow(day, day, day),
            DataHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(source)))[..16],
            TrainingExamples = rows,
            ModelCard = $"# {kind} model {version}\n{description}\n- Data: {Path.GetFileName(source)}, {rows} rows; metrics from the command's own evaluation.\n- Not a champion: promote it explicitly if it should be used.\n",
            Bytes = model,
            Threshold = threshold,
        }, promote: false).GetAwaiter().GetResult();
        return version.ToString();
    }

    /// <summary>A tree model on encoded CSV features: a JSON header naming the features, then the trees.</summary>
    public static byte[] TreesBytes(string format, IReadOnlyList<string> features, GbmTrees trees)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(format);
            writer.Write(JsonSerializer.Serialize(features));
            trees.Write(writer);
        }
        return buffer.ToArray();
    }
}
