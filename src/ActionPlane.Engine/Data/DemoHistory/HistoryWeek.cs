namespace ActionPlane.Engine.Data.DemoHistory;

/// <summary>What one replayed week did, for the progress line and the tests.</summary>
public sealed record HistoryWeek(
    int Week,
    DateOnly Monday,
    int Decided,
    int AppliedByCsm,
    int AppliedUnattended,
    int ApplyDenied,
    /// <summary>Actions undone since the previous replayed Monday (complaints about last week's applies).</summary>
    int Undone,
    int ChurnedSoFar,
    int OutcomesSoFar)
{
    /// <summary>Wall time of the replayed Monday; of it, storing the week's signals, observing outcomes and scoring, and the decision run.</summary>
    public double Seconds { get; init; }
    public double PrepareSeconds { get; init; }
    public double DecideSeconds { get; init; }
}

/// <summary>The replayed history: its weeks, the undos over all of it, and the world's churn day of every account that churned.</summary>
/// <param name="Outcomes">Outcomes recorded by the end (one per decision record due: chosen actions, alternatives, holdout and no-action logs).</param>
public sealed record HistorySummary(DateOnly Start, DateOnly End, IReadOnlyList<HistoryWeek> Weeks, int Undone, int Outcomes, IReadOnlyDictionary<string, DateOnly> ChurnedOn)
{
    public int Applied => Weeks.Sum(w => w.AppliedByCsm + w.AppliedUnattended);
    public int AppliedUnattended => Weeks.Sum(w => w.AppliedUnattended);
}
