// TEMPORARY compile stand-in for branch `bundle` (catalog). Deleted when that branch is merged.
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace ActionPlane.Engine.Actions;

public readonly record struct ActionTypeId(string Value)
{
    public override string ToString() => Value;
}

public sealed record PayloadError(string Path, string Message);

public sealed record ActionDefinition(ActionTypeId Type, string Title, string Description, string Audience, string Channel,
    string Category, bool Consequential, bool Reversible, string Undo, decimal Cost, int CooldownDays)
{
    public JsonObject ToPolicyMetadata() => new()
    {
        ["audience"] = Audience, ["channel"] = Channel, ["category"] = Category, ["consequential"] = Consequential,
        ["reversible"] = Reversible, ["cost"] = Cost, ["cooldown_days"] = CooldownDays,
    };
}

public sealed class ActionCatalog
{
    public static ActionCatalog Default { get; } = new();

    public IReadOnlyList<ActionDefinition> All { get; } =
    [
        D("csm_outreach", "csm", "csm_task", "retention", false),
        D("offer_discount", "account", "billing", "pricing", true),
        D("pin_shortcut", "user", "in_app", "adoption", false),
        D("prefill_form", "user", "in_app", "onboarding", false),
        D("schedule_nudge", "user", "in_app", "adoption", false),
        D("show_checklist", "user", "in_app", "onboarding", false),
        D("suggest_upgrade_within_policy", "user", "in_app", "pricing", false),
        D("unlock_trial_within_caps", "account", "in_app", "adoption", false),
    ];

    private static ActionDefinition D(string t, string a, string c, string cat, bool cons) =>
        new(new ActionTypeId(t), t, t, a, c, cat, cons, true, "undo", 0, 7);

    public bool TryGet(string type, [NotNullWhen(true)] out ActionDefinition? definition)
    {
        definition = All.FirstOrDefault(d => d.Type.Value == type);
        return definition is not null;
    }

    public ActionDefinition Get(ActionTypeId type) => All.First(d => d.Type == type);

    public IReadOnlyList<PayloadError> Validate(string type, JsonNode? payload) =>
        TryGet(type, out _) ? (payload is JsonObject ? [] : [new PayloadError("", "payload must be an object")]) : [new PayloadError("actionType", "unknown")];
}
