using System.Text.Json.Nodes;
using Marten;

namespace ActionPlane.Engine.Execution;

/// <summary>Pins a feature shortcut for a user; undo unpins it unless the user already removed it.</summary>
public sealed class PinnedShortcutExecutor : SingleTargetExecutor<PinnedShortcut>
{
    public override IReadOnlyCollection<string> ActionTypes { get; } = ["pin_shortcut"];

    protected override PinnedShortcut Build(ActionExecution a) => new(
        $"pin-{a.ProposalId:N}", a.ProposalId, a.AccountId, a.UserId ?? a.Payload.Str("user_id"),
        a.Payload.Str("feature"), a.Payload.Str("label"), TargetStatus.Active, a.Now);

    protected override string IdOf(PinnedShortcut doc) => doc.Id;
    protected override string Describe(PinnedShortcut doc) => $"pin \"{doc.Label}\" ({doc.Feature}) for user {doc.UserId}";

    protected override async Task<JsonObject> BeforeAsync(ActionExecution a, IQuerySession session, CancellationToken cancellationToken)
    {
        var userId = a.UserId ?? a.Payload.Str("user_id");
        var pinned = await session.Query<PinnedShortcut>().Where(p => p.UserId == userId && p.Status == TargetStatus.Active).ToListAsync(cancellationToken);
        return new JsonObject { ["user_id"] = userId, ["pinned_features"] = new JsonArray([.. pinned.Select(p => (JsonNode)p.Feature)]) };
    }

    protected override UndoCheck CheckUndo(PinnedShortcut doc) => doc.Status == TargetStatus.Active
        ? UndoCheck.Yes
        : UndoCheck.No("The shortcut is no longer pinned (the user removed it or it was already undone).");

    protected override PinnedShortcut Undone(PinnedShortcut doc, DateTimeOffset now) => doc with { Status = TargetStatus.Undone };
}
