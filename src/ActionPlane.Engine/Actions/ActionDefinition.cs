using System.Text.Json.Nodes;

namespace ActionPlane.Engine.Actions;

/// <summary>
/// A kind of action as the catalog describes it: the plain-language title and description for the UI
/// and the metadata the policy gate reasons about (who it targets, where it lands, what it costs).
/// </summary>
public sealed record ActionDefinition(
    ActionTypeId Type,
    string Title,
    string Description,
    string Audience,
    string Channel,
    string Category,
    bool Consequential,
    bool Reversible,
    string Undo,
    decimal Cost,
    int CooldownDays)
{
    /// <summary>
    /// The <c>input.action.metadata</c> object of the policy gate. Field names are snake_case because
    /// the Rego bundle reads them exactly as written here.
    /// </summary>
    public JsonObject ToPolicyMetadata() => new()
    {
        ["audience"] = Audience,
        ["channel"] = Channel,
        ["category"] = Category,
        ["consequential"] = Consequential,
        ["reversible"] = Reversible,
        ["cost"] = Cost,
        ["cooldown_days"] = CooldownDays,
    };
}
