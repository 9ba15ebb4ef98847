using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;

namespace ActionPlane.Engine.Lifecycle;

/// <summary>The action a gate decision is about: type, payload and the metadata the policy reasons on.</summary>
public sealed record GateSubject(Guid? ProposalId, string AccountId, string? UserId, string ActionType, JsonObject Payload, JsonObject Metadata)
{
    public static GateSubject Of(ActionLifecycle proposal) =>
        new(proposal.Id, proposal.AccountId, proposal.UserId, proposal.ActionType, proposal.Payload, proposal.Metadata);

    /// <summary>
    /// The catalog metadata, with the channel and category a payload chooses (schedule_nudge may go by
    /// e-mail and carry a pricing message): frequency caps and opt-outs must see what will really happen.
    /// </summary>
    public static JsonObject EffectiveMetadata(ActionDefinition definition, JsonObject payload)
    {
        var metadata = definition.ToPolicyMetadata();
        if (payload["channel"] is JsonValue channel && channel.TryGetValue<string>(out var c))
            metadata["channel"] = c;
        if (payload["category"] is JsonValue category && category.TryGetValue<string>(out var k))
            metadata["category"] = k;
        return metadata;
    }
}
