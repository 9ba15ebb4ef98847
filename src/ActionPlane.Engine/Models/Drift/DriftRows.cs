using ActionPlane.Engine.Lifecycle;

namespace ActionPlane.Engine.Models.Drift;

/// <summary>What the drift analysis reads of an <see cref="ActionProposed"/>.</summary>
public sealed class ProposedScore
{
    public Guid ProposalId { get; init; }
    public string AccountId { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public double ChurnProbability { get; init; }
}

/// <summary>What the drift analysis reads of an <see cref="OutcomeObserved"/>.</summary>
public sealed class ProposalOutcome
{
    public Guid ProposalId { get; init; }
    public string Outcome { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public bool? Treated { get; init; }
}
