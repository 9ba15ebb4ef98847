using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;

namespace ActionPlane.Engine.ClosedLoop;

/// <summary>
/// One account of the simulated world: what the product can see (account, users, signals, the
/// decision records of applied actions) and the hidden truth (drivers, active action effects, the
/// churn threshold). Mutable, owned by <see cref="SimulatedWorld"/>.
/// </summary>
public sealed class SimulatedAccount
{
    public required int Index { get; init; }
    public required Account Account { get; set; }
    public required IReadOnlyList<EndUser> Users { get; init; }
    public required List<UsageDay> Usage { get; init; }
    public required List<SupportTicket> Tickets { get; init; }
    public required IReadOnlyList<BillingChange> Billing { get; init; }
    public required IReadOnlyList<NpsResponse> Nps { get; init; }
    /// <summary>Decision records of the actions applied to this account (policy history comes from these).</summary>
    public List<DecisionRecord> Applied { get; } = [];

    // Hidden truth.
    public required ChurnDrivers Drivers { get; set; }
    public required double Engagement { get; init; }
    /// <summary>Exp(1) draw: the account churns when its cumulative hazard passes it (common random numbers across strategies).</summary>
    public required double ChurnThreshold { get; init; }
    public double CumulativeHazard { get; set; }
    public required Random Rng { get; init; }
    public required IReadOnlyDictionary<string, double> Responsiveness { get; init; }
    /// <summary>Log-odds changes of applied actions, in force for <see cref="SimulatedWorld.EffectDays"/> days.</summary>
    public List<ActiveEffect> Effects { get; } = [];

    public bool Churned { get; set; }
    public DateOnly? ChurnedOn { get; set; }

    public AccountSignals Signals => new(Usage, Tickets, Billing, Nps);
}

/// <summary>An applied action's true effect on the churn log-odds, from its day until it wears off or is undone.</summary>
public sealed record ActiveEffect(Guid ProposalId, string ActionType, int AppliedDay, double LogOddsDelta)
{
    public int? UndoneDay { get; set; }
}
