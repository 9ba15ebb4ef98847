namespace ActionPlane.Engine.Domain;

/// <summary>A support ticket; <see cref="Csat"/> (1–5) is only known once the ticket is closed.</summary>
public sealed record SupportTicket
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required DateOnly OpenedOn { get; init; }
    /// <summary>low | normal | high | urgent</summary>
    public required string Priority { get; init; }
    public bool Urgent => Priority == "urgent";
    public DateOnly? ClosedOn { get; init; }
    public int? Csat { get; init; }
}

/// <summary>A change to the account's subscription, with MRR and seats before and after.</summary>
public sealed record BillingChange
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required DateOnly On { get; init; }
    /// <summary>upgrade | downgrade | seat_change</summary>
    public required string Kind { get; init; }
    public required decimal MrrBefore { get; init; }
    public required decimal MrrAfter { get; init; }
    public required int SeatsBefore { get; init; }
    public required int SeatsAfter { get; init; }
}

/// <summary>One end user's answer to the NPS survey (0–10).</summary>
public sealed record NpsResponse
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required string EndUserId { get; init; }
    public required DateOnly On { get; init; }
    public required int Score { get; init; }
}

/// <summary>All signals of one account, as the feature builder reads them.</summary>
public sealed record AccountSignals(
    IReadOnlyList<UsageDay> Usage,
    IReadOnlyList<SupportTicket> Tickets,
    IReadOnlyList<BillingChange> Billing,
    IReadOnlyList<NpsResponse> Nps)
{
    public static AccountSignals Empty { get; } = new([], [], [], []);
}
