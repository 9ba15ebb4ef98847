using System.Globalization;
using System.Text.Json.Nodes;
using Marten;

namespace ActionPlane.Engine.Execution;

/// <summary>Puts an outreach task in a CSM's queue; undo cancels it unless the CSM already did it.</summary>
public sealed class CsmTaskExecutor : SingleTargetExecutor<CsmTask>
{
    public override IReadOnlyCollection<string> ActionTypes { get; } = ["csm_outreach"];

    protected override CsmTask Build(ActionExecution a) => new(
        $"task-{a.ProposalId:N}", a.ProposalId, a.AccountId, a.Payload.Str("csm"), a.Payload.Str("reason"),
        DateOnly.Parse(a.Payload.Str("due_date"), CultureInfo.InvariantCulture), a.Payload.Str("priority"), TargetStatus.Active, a.Now);

    protected override string IdOf(CsmTask doc) => doc.Id;
    protected override string Describe(CsmTask doc) => $"add a {doc.Priority}-priority outreach task for {doc.Csm} on account {doc.AccountId}, due {doc.DueDate:yyyy-MM-dd}";

    protected override async Task<JsonObject> BeforeAsync(ActionExecution a, IQuerySession session, CancellationToken cancellationToken)
    {
        var open = await session.Query<CsmTask>().Where(t => t.AccountId == a.AccountId && t.Status == TargetStatus.Active).CountAsync(cancellationToken);
        return new JsonObject { ["account_id"] = a.AccountId, ["open_tasks"] = open };
    }

    protected override UndoCheck CheckUndo(CsmTask doc) => doc.Status switch
    {
        TargetStatus.Active => UndoCheck.Yes,
        TargetStatus.Completed => UndoCheck.No("The CSM already completed this task; it cannot be taken back."),
        _ => UndoCheck.No("The task was already cancelled."),
    };

    protected override CsmTask Undone(CsmTask doc, DateTimeOffset now) => doc with { Status = TargetStatus.Undone };
}
