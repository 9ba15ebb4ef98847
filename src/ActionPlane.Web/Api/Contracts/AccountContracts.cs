using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Models;

namespace ActionPlane.Web.Api.Contracts;

/// <summary>An account with its latest churn score: the CSM portfolio row.</summary>
public sealed record AccountResponse(
    string Id,
    string Name,
    string Plan,
    string Segment,
    string Region,
    string Environment,
    decimal Mrr,
    DateOnly RenewalDate,
    string CsmOwner,
    double ChurnProbability,
    string RiskTier,
    IReadOnlyList<FeatureContribution> Drivers,
    string ModelVersion,
    DateTimeOffset ScoredAt)
{
    /// <summary>The day the account churned; null (left out) for a customer.</summary>
    public DateOnly? ChurnedOn { get; init; }

    internal static AccountResponse From(Account a, AccountScore s) => new(
        a.Id, a.Name, a.Plan, a.Segment, a.Region, a.Environment, a.Mrr, a.RenewalDate, a.CsmOwner,
        s.ChurnProbability, ApiText.Of(s.Tier), s.Drivers, s.ModelVersion, s.ScoredAt) { ChurnedOn = a.ChurnedOn };
}
