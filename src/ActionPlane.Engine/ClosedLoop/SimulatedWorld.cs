using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;

namespace ActionPlane.Engine.ClosedLoop;

/// <summary>
/// The generated tenant, evolving day by day: usage and tickets keep arriving from each account's
/// (drifting) churn drivers, renewals roll over on their dates, and each account churns when its
/// cumulative daily hazard passes its own Exp(1) threshold. The hazard is the generator's 90-day
/// churn probability (<see cref="ChurnHazard"/>, nearer renewal is riskier) shifted by the true effects
/// (<see cref="ActionEffects"/>) of the actions applied in the last <see cref="EffectDays"/> days.
/// Everything random is drawn from per-account streams that actions never touch, so every strategy
/// faces the same world and differs only in what it did.
/// </summary>
public sealed class SimulatedWorld
{
    /// <summary>How long an applied action keeps changing the hazard (its outcome horizon too).</summary>
    public const int EffectDays = 90;

    private readonly Scenario _scenario;

    public SimulatedWorld(GeneratedTenant tenant, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        _scenario = scenario ?? throw new ArgumentNullException(nameof(scenario));
        Tenant = tenant;
        Start = tenant.AsOf;
        var signals = tenant.SignalsByAccount();
        var users = tenant.EndUsers.GroupBy(u => u.AccountId).ToDictionary(g => g.Key, g => (IReadOnlyList<EndUser>)g.ToList());
        Accounts = tenant.Accounts.Select((a, i) =>
        {
            var rng = new Random(unchecked(tenant.Seed * 7_919 + i * 104_729 + 17));
            var s = signals[a.Id];
            return new SimulatedAccount
            {
                Index = i,
                Account = a,
                Users = users.GetValueOrDefault(a.Id) ?? [],
                Usage = [.. s.Usage],
                Tickets = [.. s.Tickets],
                Billing = s.Billing,
                Nps = s.Nps,
                Drivers = tenant.Truth[a.Id].Drivers,
                Engagement = 0.5 + 0.4 * rng.NextDouble(),
                ChurnThreshold = -Math.Log(1 - rng.NextDouble()),
                Rng = rng,
                Responsiveness = ActionEffects.DesignedTypes.ToDictionary(t => t, _ => rng.Gaussian(), StringComparer.Ordinal),
            };
        }).ToList();
    }

    public GeneratedTenant Tenant { get; }
    public DateOnly Start { get; }
    public IReadOnlyList<SimulatedAccount> Accounts { get; }

    public IEnumerable<SimulatedAccount> Active => Accounts.Where(a => !a.Churned);

    /// <summary>
    /// While true, every read of the ground truth (true effects, true uplift, true churn probability)
    /// throws. The simulator seals the world while a learning strategy trains and decides, so a
    /// strategy that peeked at the truth would fail instead of looking good.
    /// </summary>
    public bool TruthSealed { get; set; }

    /// <summary>Reads the truth with the seal lifted: the world's own response to an applied action and the report's bookkeeping.</summary>
    public T Unsealed<T>(Func<SimulatedWorld, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var sealedBefore = TruthSealed;
        TruthSealed = false;
        try
        {
            return read(this);
        }
        finally
        {
            TruthSealed = sealedBefore;
        }
    }

    private void GuardTruth()
    {
        if (TruthSealed)
            throw new InvalidOperationException("The world's ground truth was read while a learning strategy was deciding; it may learn only from logged outcomes.");
    }

    /// <summary>Drivers with the days to renewal as of <paramref name="day"/>.</summary>
    public static ChurnDrivers DriversOn(SimulatedAccount account, DateOnly day) =>
        account.Drivers with { DaysToRenewal = account.Account.RenewalDate.DayNumber - day.DayNumber };

    /// <summary>True 90-day churn probability now, with the effects in force (what the oracle sees).</summary>
    public double TrueChurnProbability(SimulatedAccount account, DateOnly day)
    {
        GuardTruth();
        return ChurnProbabilityNow(account, day);
    }

    private double ChurnProbabilityNow(SimulatedAccount account, DateOnly day)
    {
        var p = ChurnHazard.Probability(DriversOn(account, day));
        var shift = account.Effects.Where(e => InForce(e, day)).Sum(e => e.LogOddsDelta);
        return shift == 0 ? p : Logistic(Logit(p) + shift);
    }

    /// <summary>
    /// True churn probability over the next <see cref="EffectDays"/> days without a new action: the
    /// untreated risk, shifted by each applied effect for the days it has left. With it, the sum of the
    /// in-force effects' true shifts (diagnostics only).
    /// </summary>
    public (double Risk, double InForceShift) TrueForwardChurn(SimulatedAccount account, DateOnly day)
    {
        GuardTruth();
        var inForce = account.Effects.Where(e => InForce(e, day)).ToList();
        var left = inForce.Select(e => (e.LogOddsDelta, (e.UndoneDay ?? e.AppliedDay + EffectDays) - day.DayNumber)).ToList();
        return (InForceRisk.Forward(ChurnHazard.Probability(DriversOn(account, day)), left, EffectDays), inForce.Sum(e => e.LogOddsDelta));
    }

    /// <summary>The true log-odds change <paramref name="actionType"/> would have if applied on <paramref name="day"/>.</summary>
    public double TrueEffect(SimulatedAccount account, string actionType, DateOnly day)
    {
        GuardTruth();
        return ActionEffects.LogOddsDelta(actionType, DriversOn(account, day), _scenario, account.Responsiveness.GetValueOrDefault(actionType));
    }

    /// <summary>True uplift on 90-day retention of applying <paramref name="actionType"/> on <paramref name="day"/>.</summary>
    public double TrueUplift(SimulatedAccount account, string actionType, DateOnly day) =>
        ActionEffects.TrueUplift(TrueChurnProbability(account, day), TrueEffect(account, actionType, day));

    /// <summary>
    /// Tells the world an action was applied to <paramref name="account"/> on <paramref name="day"/>: its true effect
    /// shifts the account's hazard from that day for <see cref="EffectDays"/> days (or until <see cref="Undo"/>).
    /// The world's own response, so it reads the truth whatever the seal; the returned effect is for the caller's bookkeeping.
    /// </summary>
    public ActiveEffect Apply(SimulatedAccount account, Guid proposalId, string actionType, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(account);
        var effect = new ActiveEffect(proposalId, actionType, day.DayNumber, Unsealed(w => w.TrueEffect(account, actionType, day)));
        account.Effects.Add(effect);
        return effect;
    }

    /// <summary>Ends an applied action's effect on <paramref name="day"/> (it was undone).</summary>
    public static void Undo(ActiveEffect effect, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(effect);
        effect.UndoneDay = day.DayNumber;
    }

    /// <summary>Advances every active account through <paramref name="day"/>: signals, drift, churn, renewal. Returns the accounts that churned.</summary>
    public List<SimulatedAccount> Advance(DateOnly day)
    {
        var churned = new List<SimulatedAccount>();
        foreach (var account in Accounts)
        {
            if (account.Churned)
                continue;
            Drift(account);
            AddSignals(account, day);
            var p = ChurnProbabilityNow(account, day);
            // Daily hazard whose 90-day compound equals the 90-day probability.
            account.CumulativeHazard += -Math.Log(1 - p) / EffectDays;
            if (account.CumulativeHazard >= account.ChurnThreshold)
            {
                account.Churned = true;
                account.ChurnedOn = day;
                churned.Add(account);
                continue;
            }
            if (account.Account.RenewalDate <= day)
                account.Account = account.Account with { RenewalDate = account.Account.RenewalDate.AddYears(1) };
        }
        return churned;
    }

    public static bool InForce(ActiveEffect effect, DateOnly day) =>
        day.DayNumber >= effect.AppliedDay && day.DayNumber < effect.AppliedDay + EffectDays && (effect.UndoneDay is null || day.DayNumber < effect.UndoneDay);

    // Slow random walks: accounts get healthier or sicker over months, not days.
    private static void Drift(SimulatedAccount a)
    {
        var d = a.Drivers;
        a.Drivers = d with
        {
            UsageDecline = Math.Clamp(d.UsageDecline + 0.012 * a.Rng.Gaussian(), 0, 1),
            SupportFriction = Math.Clamp(d.SupportFriction + 0.008 * a.Rng.Gaussian(), 0, 1),
            SeatUtilisation = Math.Clamp(d.SeatUtilisation + 0.004 * a.Rng.Gaussian(), 0.05, 1),
        };
    }

    // One day of usage and tickets, the generator's way (level = 1 − decline once the decline has set in).
    private static void AddSignals(SimulatedAccount a, DateOnly day)
    {
        var d = a.Drivers;
        var seats = a.Account.Seats;
        var level = 1 - d.UsageDecline;
        var weekday = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.3 : 1.0;
        var expected = seats * d.SeatUtilisation * a.Engagement * level * weekday;
        var active = Math.Clamp((int)Math.Round(expected * (1 + 0.2 * a.Rng.Gaussian())), 0, seats);
        var sessions = active == 0 ? 0 : a.Rng.Poisson(active * (1.6 + 0.4 * level));
        var seatsUsed = Math.Clamp((int)Math.Round(seats * d.SeatUtilisation * (0.85 + 0.15 * level) + a.Rng.Gaussian()), 0, seats);
        var events = new int[6];
        for (var m = 0; m < events.Length; m++)
            events[m] = m < d.ModulesAdopted ? a.Rng.Poisson(active * ModuleRates[m]) : 0;
        a.Usage.Add(UsageDay.Generated(a.Account.Id, day, active, sessions, seatsUsed, events));
        // Keep 120 days: features look back 90 at most, and the lists stay short enough to scan.
        if (a.Usage.Count > 120)
            a.Usage.RemoveAt(0);

        var perDay = (0.01 + 0.15 * d.SupportFriction) * (1 + seats / 300.0);
        if (a.Rng.Chance(perDay))
        {
            var urgent = a.Rng.Chance(0.04 + 0.3 * d.SupportFriction);
            var closed = day.AddDays(a.Rng.Next(0, 11));
            a.Tickets.Add(new SupportTicket
            {
                Id = $"{a.Account.Id}-s{a.Tickets.Count + 1:D4}",
                AccountId = a.Account.Id,
                OpenedOn = day,
                Priority = urgent ? "urgent" : a.Rng.Chance(0.5) ? "high" : "normal",
                // Tickets are written with their future closing day; features only read closings before the as-of day.
                ClosedOn = closed,
                Csat = a.Rng.Chance(0.6) ? Math.Clamp((int)Math.Round(4.6 - 2.8 * d.SupportFriction + 0.7 * a.Rng.Gaussian()), 1, 5) : null,
            });
        }
    }

    private static readonly double[] ModuleRates = [1.2, 1.0, 0.6, 0.4, 0.5, 2.0];

    private static double Logit(double p) => Math.Log(p / (1 - p));

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
