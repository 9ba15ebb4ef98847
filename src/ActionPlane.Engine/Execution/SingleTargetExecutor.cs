using System.Text.Json.Nodes;
using Marten;

namespace ActionPlane.Engine.Execution;

/// <summary>
/// Shared shape of executors whose action creates one document (id derived from the proposal) and
/// whose undo marks it undone: subclasses say how to build it, describe it and when undo is still honest.
/// </summary>
public abstract class SingleTargetExecutor<TDoc> : IActionExecutor where TDoc : notnull
{
    public abstract IReadOnlyCollection<string> ActionTypes { get; }

    protected abstract TDoc Build(ActionExecution action);
    protected abstract string IdOf(TDoc doc);
    protected abstract string Describe(TDoc doc);
    /// <summary>The related state before the change, e.g. the account's other active discounts.</summary>
    protected abstract Task<JsonObject> BeforeAsync(ActionExecution action, IQuerySession session, CancellationToken cancellationToken);
    protected abstract UndoCheck CheckUndo(TDoc doc);
    protected abstract TDoc Undone(TDoc doc, DateTimeOffset now);

    public async Task<ExecutionOutcome> PreviewAsync(ActionExecution action, IQuerySession session, CancellationToken cancellationToken)
    {
        var doc = Build(action);
        return new ExecutionOutcome(IdOf(doc), await BeforeAsync(action, session, cancellationToken), TargetJson.Of(doc), "Would " + Describe(doc));
    }

    public async Task<ExecutionOutcome> ApplyAsync(ActionExecution action, IDocumentSession session, CancellationToken cancellationToken)
    {
        var doc = Build(action);
        var before = await BeforeAsync(action, session, cancellationToken);
        session.Store(doc);
        return new ExecutionOutcome(IdOf(doc), before, TargetJson.Of(doc), Capitalise(Describe(doc)));
    }

    public async Task<UndoCheck> CanUndoAsync(ActionExecution action, string targetId, IQuerySession session, CancellationToken cancellationToken)
    {
        var doc = await session.LoadAsync<TDoc>(targetId, cancellationToken);
        return doc is null ? UndoCheck.No($"The target {targetId} no longer exists.") : CheckUndo(doc);
    }

    public async Task<ExecutionOutcome> UndoAsync(ActionExecution action, string targetId, IDocumentSession session, CancellationToken cancellationToken)
    {
        var doc = await session.LoadAsync<TDoc>(targetId, cancellationToken)
            ?? throw new InvalidOperationException($"The target {targetId} no longer exists.");
        var undone = Undone(doc, action.Now);
        session.Store(undone);
        return new ExecutionOutcome(targetId, TargetJson.Of(doc), TargetJson.Of(undone), "Reverted: " + Describe(doc));
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
