using System.Globalization;
using System.Text.Json.Serialization;

namespace ActionPlane.Engine.Autopilot;

/// <summary>What one autopilot run did, proposal by proposal, with the counts an operator reads first.</summary>
public sealed record AutopilotRunSummary(DateTimeOffset StartedAt, double DurationMs, IReadOnlyList<AutopilotItem> Items)
{
    /// <summary>Open proposals whose latest gate decision granted <c>unattended</c> (holdout logs, suggest-only and closed ones are never among them).</summary>
    public int Considered => Items.Count;
    public int Applied => Count(AutopilotOutcome.Applied);
    /// <summary>The gate refused the apply (the decision is on the proposal's stream; it now waits for a person).</summary>
    public int Denied => Count(AutopilotOutcome.Denied);
    /// <summary>Left alone because the week's budget does not cover them (nothing recorded; next week they are considered again).</summary>
    public int SkippedByBudget => Count(AutopilotOutcome.SkippedByBudget);
    /// <summary>Applied by someone else first (a CSM, or another run).</summary>
    public int AlreadyApplied => Count(AutopilotOutcome.AlreadyApplied);
    public int Failed => Count(AutopilotOutcome.Failed);
    /// <summary>Past the run's apply limit: the next run takes them.</summary>
    public int Deferred => Count(AutopilotOutcome.Deferred);

    /// <summary>How many denials each policy rule caused.</summary>
    public IReadOnlyDictionary<string, int> DeniedByRule =>
        Items.SelectMany(i => i.Rules).GroupBy(r => r, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private int Count(AutopilotOutcome outcome) => Items.Count(i => i.Outcome == outcome);

    /// <summary>One line for the log.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"considered {Considered}, applied {Applied}, denied {Denied}{(Denied > 0 ? $" ({string.Join(", ", DeniedByRule.Select(r => $"{r.Key} ×{r.Value}"))})" : "")}, skipped by budget {SkippedByBudget}, already applied {AlreadyApplied}, failed {Failed}{(Items.FirstOrDefault(i => i.Outcome == AutopilotOutcome.Failed) is { } f ? $" (first: {f.ProposalId}: {f.Message})" : "")}, deferred {Deferred} in {DurationMs:0} ms");
}

/// <summary>What the autopilot did with one proposal; <see cref="Rules"/> are the gate's deny rules when denied.</summary>
public sealed record AutopilotItem(Guid ProposalId, string AccountId, string ActionType, decimal Cost, AutopilotOutcome Outcome, IReadOnlyList<string> Rules, string? Message);

[JsonConverter(typeof(JsonStringEnumConverter<AutopilotOutcome>))]
public enum AutopilotOutcome
{
    Applied,
    Denied,
    SkippedByBudget,
    AlreadyApplied,
    Failed,
    Deferred,
}
