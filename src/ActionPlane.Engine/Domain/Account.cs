namespace ActionPlane.Engine.Domain;

/// <summary>A customer account of the tenant: the unit churn is predicted for and most actions target.</summary>
public sealed record Account
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>starter | pro | enterprise</summary>
    public required string Plan { get; init; }
    /// <summary>smb | mid_market | enterprise</summary>
    public required string Segment { get; init; }
    /// <summary>us | eu | apac: drives data residency in the policy.</summary>
    public required string Region { get; init; }
    /// <summary>IANA time zone, for business-hours windows.</summary>
    public required string TimeZone { get; init; }
    public required int Seats { get; init; }
    public required decimal Mrr { get; init; }
    public required DateOnly RenewalDate { get; init; }
    public required string CsmOwner { get; init; }
    public required DateOnly CreatedOn { get; init; }
    /// <summary>production | sandbox</summary>
    public string Environment { get; init; } = "production";
    /// <summary>Account-level consent to personalised in-app nudges and to marketing e-mail.</summary>
    public bool ConsentPersonalization { get; init; } = true;
    public bool ConsentEmail { get; init; } = true;
    /// <summary>Change freeze (e.g. during the customer's own release) until this day, inclusive.</summary>
    public DateOnly? FrozenUntil { get; init; }
    /// <summary>The day the account churned (left the product); null while it is a customer. A churned account gets no decisions.</summary>
    public DateOnly? ChurnedOn { get; init; }
}
