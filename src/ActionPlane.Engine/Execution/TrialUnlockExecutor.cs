using System.Text.Json.Nodes;
using Marten;

namespace ActionPlane.Engine.Execution;

/// <summary>Unlocks a module trial within the caps the payload schema enforces; undo revokes it unless it was converted to paid.</summary>
public sealed class TrialUnlockExecutor : SingleTargetExecutor<TrialUnlock>
{
    public override IReadOnlyCollection<string> ActionTypes { get; } = ["unlock_trial_within_caps"];

    protected override TrialUnlock Build(ActionExecution a)
    {
        var days = a.Payload.Int("days");
        return new TrialUnlock($"trial-{a.ProposalId:N}", a.ProposalId, a.AccountId, a.Payload.Str("feature"), days,
            a.Payload.Int("seats"), a.Now, a.Now.AddDays(days), TargetStatus.Active);
    }

    protected override string IdOf(TrialUnlock doc) => doc.Id;
    protected override string Describe(TrialUnlock doc) => $"unlock a {doc.Days}-day trial of {doc.Feature} for {doc.Seats} seats of account {doc.AccountId}";

    protected override async Task<JsonObject> BeforeAsync(ActionExecution a, IQuerySession session, CancellationToken cancellationToken)
    {
        var active = await session.Query<TrialUnlock>().Where(t => t.AccountId == a.AccountId && t.Status == TargetStatus.Active).ToListAsync(cancellationToken);
        return new JsonObject { ["account_id"] = a.AccountId, ["active_trials"] = new JsonArray([.. active.Select(t => (JsonNode)t.Feature)]) };
    }

    protected override UndoCheck CheckUndo(TrialUnlock doc) => doc.Status switch
    {
        TargetStatus.Active => UndoCheck.Yes,
        TargetStatus.Completed => UndoCheck.No("The trial was already converted to a paid subscription; revoking it now would take away something the customer bought."),
        _ => UndoCheck.No("The trial was already revoked."),
    };

    protected override TrialUnlock Undone(TrialUnlock doc, DateTimeOffset now) => doc with { Status = TargetStatus.Undone, EndsAt = now };
}
