using Marten;

namespace ActionPlane.Engine.Execution;

/// <summary>
/// Changes the target state one kind of action touches. Apply and undo only stage changes on the
/// given Marten session: the caller appends the lifecycle event to the same session and saves once,
/// so the change and its record commit together or not at all.
/// </summary>
public interface IActionExecutor
{
    /// <summary>The catalog action types this executor handles.</summary>
    IReadOnlyCollection<string> ActionTypes { get; }

    /// <summary>What apply would change, without changing anything.</summary>
    Task<ExecutionOutcome> PreviewAsync(ActionExecution action, IQuerySession session, CancellationToken cancellationToken);

    Task<ExecutionOutcome> ApplyAsync(ActionExecution action, IDocumentSession session, CancellationToken cancellationToken);

    /// <summary>Whether the target still looks the way apply left it (e.g. a discount not yet invoiced).</summary>
    Task<UndoCheck> CanUndoAsync(ActionExecution action, string targetId, IQuerySession session, CancellationToken cancellationToken);

    Task<ExecutionOutcome> UndoAsync(ActionExecution action, string targetId, IDocumentSession session, CancellationToken cancellationToken);
}
