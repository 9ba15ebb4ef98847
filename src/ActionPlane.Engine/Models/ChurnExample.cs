using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Models;

/// <summary>A labelled training example: features as of a day, and whether the account churned in the 90 days after.</summary>
public sealed record ChurnExample(FeatureSnapshot Features, bool Churned);
