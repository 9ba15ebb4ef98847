namespace ActionPlane.Engine.Data;

/// <summary>
/// The generator's hidden ground-truth effect of each action type on an account's churn log-odds
/// (negative helps). Effects depend on the churn drivers, so an action helps some accounts, does
/// nothing for others and harms a few, and whom it helps is not simply whoever is most at risk.
/// </summary>
public static class ActionEffects
{
    // Per action: an approximate population-average effect (what every account gets when the
    // scenario's heterogeneity is 0) and the driver-dependent effect.
    private static readonly Dictionary<string, (double Average, Func<DriverTerms, double> Effect)> Effects = new(StringComparer.Ordinal)
    {
        // Reminders revive fading usage but annoy accounts that are already fighting support issues.
        ["schedule_nudge"] = (-0.25, t => -1.4 * t.Decline * (1 - t.Friction) + 1.2 * Math.Pow(t.Friction, 3)),
        // A checklist helps shallow adopters and is clutter for accounts that use everything.
        ["show_checklist"] = (-0.2, t => -1.6 * t.Shallow * t.Shallow + 0.25 * (1 - t.Shallow)),
        // A shortcut to a module the account already uses brings fading users back; for the
        // shallowest adopters it points at something they never use and is clutter.
        ["pin_shortcut"] = (-0.3, t => -0.3 - 2.4 * t.Decline * (1 - t.Shallow) + 1.5 * Math.Pow(t.Shallow, 3)),
        ["prefill_form"] = (-0.2, t => -0.7 * t.Friction),
        // A CSM call fixes friction and matters most just before a renewal; an account whose usage
        // has already collapsed has mostly decided, and a call only prompts the cancellation.
        ["csm_outreach"] = (-0.5, t => -1.8 * t.Friction * (1 - t.Decline) - 1.2 * t.Renewal * (1 - t.Decline) + 1.2 * Math.Pow(t.Decline, 3)),
        // A discount saves renewals (more so after a downgrade) and teaches healthy accounts to wait for one.
        ["offer_discount"] = (-0.05, t => -1.8 * t.Renewal * (t.Downgraded ? 1.0 : 0.6) + 0.45 * (1 - t.Renewal) * (1 - t.Decline)),
        // An upgrade offered to an account that fills its seats deepens it, most near its renewal;
        // pushing an upgrade on an account with many idle seats tells it that it overpays.
        ["suggest_upgrade_within_policy"] = (-0.35, t => -0.6 * (1 - t.Unused) - 1.5 * t.Renewal * (1 - t.Unused) + 3.0 * Math.Pow(t.Unused, 3)),
        ["unlock_trial_within_caps"] = (-0.3, t => -1.3 * t.Shallow * (1 - t.Unused)),
    };

    /// <summary>Action types with a hand-designed effect; any other type gets a mild generic one.</summary>
    public static IReadOnlyCollection<string> DesignedTypes => Effects.Keys;

    /// <summary>
    /// The change in churn log-odds if <paramref name="actionType"/> is applied to an account with
    /// <paramref name="drivers"/>. <paramref name="idiosyncratic"/> is a standard-normal draw for the
    /// account's unobservable responsiveness.
    /// </summary>
    public static double LogOddsDelta(string actionType, ChurnDrivers drivers, Scenario scenario, double idiosyncratic)
    {
        ArgumentNullException.ThrowIfNull(actionType);
        ArgumentNullException.ThrowIfNull(drivers);
        ArgumentNullException.ThrowIfNull(scenario);
        var terms = DriverTerms.Of(drivers);
        var (average, effect) = Effects.TryGetValue(actionType, out var known) ? known : (-0.1, t => -0.6 * t.Decline);
        var heterogeneous = effect(terms) + 0.15 * idiosyncratic;
        var delta = average + scenario.EffectHeterogeneity * (heterogeneous - average);
        return scenario.EffectScale * delta;
    }

    /// <summary>True uplift on retention: P(retained | treated) − P(retained | not treated).</summary>
    public static double TrueUplift(double churnProbability, double logOddsDelta)
    {
        var logit = Math.Log(churnProbability / (1 - churnProbability));
        var treated = 1 / (1 + Math.Exp(-(logit + logOddsDelta)));
        return churnProbability - treated;
    }

    /// <summary>The drivers on the 0–1 scales the hazard uses.</summary>
    private readonly record struct DriverTerms(double Decline, double Shallow, double Unused, double Friction, bool Downgraded, double Renewal)
    {
        public static DriverTerms Of(ChurnDrivers d) => new(
            Math.Clamp(d.UsageDecline, 0, 1),
            (6 - Math.Clamp(d.ModulesAdopted, 1, 6)) / 5.0,
            1 - Math.Clamp(d.SeatUtilisation, 0, 1),
            Math.Clamp(d.SupportFriction, 0, 1),
            d.Downgraded,
            d.DaysToRenewal <= 90 ? 1 - 0.5 * Math.Max(0, d.DaysToRenewal) / 90.0 : 0);
    }
}
