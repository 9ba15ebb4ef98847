using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Data;

/// <summary>One account of the churn dataset: categorical attributes, point-in-time features, label and ground truth.</summary>
public sealed record ChurnDatasetRow(string AccountId, string Plan, string Segment, string Region, FeatureSnapshot Features, bool Churned, double TrueChurnProbability);

/// <summary>
/// One account of an action's uplift dataset: treatment as logged (randomised unless the scenario
/// confounds it), the realised retention and the ground-truth uplift on retention.
/// </summary>
public sealed record UpliftDatasetRow(
    string AccountId, string Plan, string Segment, string Region, FeatureSnapshot Features,
    bool Treated, double Propensity, bool Retained, double TrueUplift, double TrueChurnProbability);

/// <summary>Ground-truth summary of one action type in a generated world.</summary>
public sealed record ActionTruthSummary(string ActionType, decimal Cost, double MeanTrueUplift, double ShareHelped, double ShareHarmed);
