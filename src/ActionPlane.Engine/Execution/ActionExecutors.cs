namespace ActionPlane.Engine.Execution;

/// <summary>Finds the executor for an action type; every catalog type must have exactly one.</summary>
public sealed class ActionExecutors
{
    private readonly Dictionary<string, IActionExecutor> _byType = new(StringComparer.Ordinal);

    public ActionExecutors(IEnumerable<IActionExecutor> executors)
    {
        foreach (var executor in executors)
            foreach (var type in executor.ActionTypes)
                if (!_byType.TryAdd(type, executor))
                    throw new InvalidOperationException($"Two executors handle action type '{type}'.");
    }

    /// <summary>The built-in executors for the demo target state.</summary>
    public static IReadOnlyList<IActionExecutor> BuiltIn() =>
        [new NudgeInboxExecutor(), new PinnedShortcutExecutor(), new TrialUnlockExecutor(), new CsmTaskExecutor(), new DiscountOfferExecutor()];

    public IActionExecutor For(string actionType) =>
        _byType.TryGetValue(actionType, out var executor)
            ? executor
            : throw new InvalidOperationException($"No executor is registered for action type '{actionType}'.");
}
