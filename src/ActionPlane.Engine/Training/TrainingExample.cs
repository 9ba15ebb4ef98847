using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Training;

/// <summary>
/// One logged decision as a training row (a projection of its proposal stream): the features the
/// models saw when the decision was made (never today's), the arm it was logged under and its
/// propensity, whether the action was in effect for the subject, the observed outcome (the label),
/// and the model and policy versions that decided. Rows without an outcome yet are kept but are not
/// labelled (<see cref="Labelled"/>); held-out and never-applied decisions are the control rows.
/// A decision to do nothing (<see cref="NoActionType"/>) is a control row of every action it
/// <see cref="Considered"/>, with the logged probability of doing nothing as its propensity.
/// </summary>
public sealed record TrainingExample
{
    /// <summary>The proposal id (the stream id).</summary>
    public Guid Id { get; init; }
    /// <summary>The Marten tenant the stream belongs to.</summary>
    public string TenantId { get; init; } = "";
    public string AccountId { get; init; } = "";
    public string? UserId { get; init; }
    public string ActionType { get; init; } = "";
    public DateTimeOffset DecidedAt { get; init; }
    public string DecidedBy { get; init; } = "";
    /// <summary><c>exploit</c>, <c>explore</c> or <c>holdout</c> for the engine's own decisions; <c>person</c> when a CSM chose this exact action.</summary>
    public string Arm { get; init; } = "";
    /// <summary>
    /// The logged probability that the engine's policy would make this choice (1 for a holdout, 0 for
    /// an alternative it did not choose); null when a person chose it (no policy made the choice).
    /// </summary>
    public double? Propensity { get; init; }
    /// <summary>The engine chose this action for the account (as opposed to an alternative it ranked).</summary>
    public bool Chosen { get; init; }
    /// <summary>For a no-action decision: the allowed actions the engine weighed before doing nothing (each of them could have been drawn); empty otherwise.</summary>
    public IReadOnlyList<string> Considered { get; init; } = [];
    /// <summary>The features at decision time, as recorded on <c>ActionProposed</c>; null for decisions logged before features were recorded.</summary>
    public FeatureSnapshot? Features { get; init; }
    public string FeatureSnapshotHash { get; init; } = "";
    public string ChurnModelVersion { get; init; } = "";
    public string UpliftModelVersion { get; init; } = "";
    public string RankModelVersion { get; init; } = "";
    /// <summary>The policy revision of the decision to propose (the gate's first verdict).</summary>
    public string PolicyRevision { get; init; } = "";
    public DateTimeOffset? AppliedAt { get; init; }
    public DateTimeOffset? UndoneAt { get; init; }
    /// <summary>The action was in effect for the subject when the outcome was observed (applied and not undone).</summary>
    public bool Treated { get; init; }
    /// <summary>The latest observed outcome, e.g. <c>retained</c>, <c>churned</c>, <c>not_relevant</c>.</summary>
    public string? Outcome { get; init; }
    public double? OutcomeValue { get; init; }
    public DateTimeOffset? OutcomeAt { get; init; }
    public string? OutcomeSource { get; init; }
    /// <summary>The retention label: true = retained, false = churned, null = the outcome says nothing about retention.</summary>
    public bool? Retained { get; init; }
    /// <summary>The end user said "not relevant": a negative label for this action.</summary>
    public bool NotRelevant { get; init; }

    /// <summary>Has an observed outcome: a row the retrainer may learn from.</summary>
    public bool Labelled { get; init; }

    /// <summary>The arm a holdout decision is logged under.</summary>
    public const string HoldoutArm = "holdout";
    /// <summary>The arm of a decision a person made (no logged propensity).</summary>
    public const string PersonArm = "person";
    /// <summary>The action type of a decision to do nothing (<c>NoActionDecided</c>): never treated.</summary>
    public const string NoActionType = Lifecycle.NoActionDecided.ActionType;

    /// <summary>A decision to do nothing that weighed <paramref name="actionType"/>: an untreated row for that action.</summary>
    public bool IsNoActionControlFor(string actionType) => ActionType == NoActionType && Considered.Contains(actionType, StringComparer.Ordinal);
}
