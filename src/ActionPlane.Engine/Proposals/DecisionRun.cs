namespace ActionPlane.Engine.Proposals;

/// <summary>Where a weekly decision run stands.</summary>
public enum DecisionRunStatus
{
    Running,
    Completed,
    /// <summary>Stopped by cancellation (the app shutting down); the accounts done so far stay decided.</summary>
    Cancelled,
    /// <summary>Could not go on (e.g. the database went away); failures of single accounts do not end a run.</summary>
    Failed,
    /// <summary>Marked running but its instance stopped before it finished (found by the next run).</summary>
    Interrupted,
}

/// <summary>
/// One weekly decision run as a document: its progress while it runs (saved every few accounts, so every app
/// instance sees it) and its summary afterwards. Counts are of accounts unless named otherwise.
/// </summary>
public sealed record DecisionRun
{
    public Guid Id { get; init; }
    /// <summary><c>scheduled</c> or <c>manual</c>.</summary>
    public string Trigger { get; init; } = "";
    public string StartedBy { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Wall-clock length of the run (the engine's clock may be a test's fake one).</summary>
    public double DurationSeconds { get; init; }
    public DecisionRunStatus Status { get; init; }
    /// <summary>The ISO week decided, e.g. <c>2026-W48</c>; accounts already decided in it are skipped.</summary>
    public string IsoWeek { get; init; } = "";
    /// <summary>Proposals (not accounts) that lapsed at the start of the run.</summary>
    public int ProposalsExpired { get; init; }
    /// <summary>The accounts the run was asked to decide; empty for every account.</summary>
    public IReadOnlyList<string> AccountIds { get; init; } = [];
    /// <summary>Every active account (every account of the tenant: accounts have no lifecycle status yet).</summary>
    public int Accounts { get; init; }
    public int Done { get; init; }
    /// <summary>Accounts for which the engine chose an action (proposals a CSM or the autopilot can act on).</summary>
    public int ActionDecisions { get; init; }
    /// <summary>Accounts for which the engine logged "no action" (ε-draw, nothing worth doing, nothing allowed).</summary>
    public int NoActionDecisions { get; init; }
    /// <summary>Holdout accounts: the action the engine would have taken, logged and never gated.</summary>
    public int HoldoutDecisions { get; init; }
    /// <summary>Accounts whose open proposals are all still current (younger than the TTL): nothing new was written.</summary>
    public int Unchanged { get; init; }
    /// <summary>Accounts the engine had already decided this ISO week (by an earlier run or a CSM's Suggest).</summary>
    public int Skipped { get; init; }
    public int Failed { get; init; }
    /// <summary>Proposal streams written (chosen actions, allowed and denied alternatives, holdout logs).</summary>
    public int ProposalsWritten { get; init; }
    /// <summary>The failed accounts with the reason, the first <see cref="DecisionRunner.MaxFailuresListed"/> of them.</summary>
    public IReadOnlyList<DecisionRunFailure> Failures { get; init; } = [];
    /// <summary>Why the whole run stopped (status failed), when it did.</summary>
    public string? Error { get; init; }

    public bool IsRunning => Status == DecisionRunStatus.Running;
}

/// <summary>An account the run could not decide, and why; nothing of its decision was stored.</summary>
public sealed record DecisionRunFailure(string AccountId, string Message);
