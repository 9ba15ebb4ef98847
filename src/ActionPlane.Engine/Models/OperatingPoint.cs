namespace ActionPlane.Engine.Models;

/// <summary>
/// One decision threshold on a precision–recall curve: flag every row whose churn probability is at
/// least <see cref="Threshold"/>. <see cref="Precision"/> is null when the threshold flags nobody.
/// </summary>
public sealed record OperatingPoint(double Threshold, double? Precision, double Recall, double F1, double FlaggedShare);
