namespace ActionPlane.Engine.Outcomes;

/// <summary>
/// The outcome labels ActionPlane records and which of them count as a success (the numerator of
/// "cost per successful action"). <c>not_relevant</c> is the negative label an end user's
/// dismissal writes.
/// </summary>
public static class OutcomeKinds
{
    public const string Retained = "retained";
    public const string Churned = "churned";
    public const string FeatureAdopted = "feature_adopted";
    public const string NotAdopted = "not_adopted";
    public const string Converted = "converted";
    public const string NotConverted = "not_converted";
    public const string NotRelevant = "not_relevant";

    public static IReadOnlyList<string> All { get; } = [Retained, Churned, FeatureAdopted, NotAdopted, Converted, NotConverted, NotRelevant];

    /// <summary>True for outcomes the action was meant to bring about.</summary>
    public static bool IsSuccess(string outcome) => outcome is Retained or FeatureAdopted or Converted or "renewed" or "adopted";
}
