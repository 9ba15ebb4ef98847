using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ActionPlane.Engine.Execution;

/// <summary>Turns target documents into the JSON shown in previews and recorded on events.</summary>
internal static class TargetJson
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static JsonObject Of<T>(T value) => JsonSerializer.SerializeToNode(value, s_options)!.AsObject();

    public static JsonObject Nothing(string what) => new() { ["exists"] = false, ["what"] = what };

    public static string Str(this JsonObject payload, string name) =>
        payload[name]?.GetValue<string>() ?? throw new InvalidOperationException($"payload.{name} is missing (the payload was validated at propose time).");

    public static int Int(this JsonObject payload, string name) =>
        payload[name]?.GetValue<int>() ?? throw new InvalidOperationException($"payload.{name} is missing (the payload was validated at propose time).");
}
