namespace ActionPlane.Engine.Data;

/// <summary>
/// The generator's hidden ground-truth hazard: a logistic function of the interpretable drivers.
/// Models never see it; tests and the oracle AUC do.
/// </summary>
public static class ChurnHazard
{
    // Weights on the log-odds scale; the intercept puts the 90-day churn rate near 20 %.
    private const double Intercept = -5.5;
    private const double DeclineWeight = 3.5;
    private const double ShallowAdoptionWeight = 1.8;
    private const double UnusedSeatsWeight = 2.4;
    private const double FrictionWeight = 2.2;
    private const double DowngradeWeight = 1.2;
    private const double RenewalWeight = 1.5;

    /// <summary>Probability of churn within the next 90 days.</summary>
    public static double Probability(ChurnDrivers d)
    {
        var shallow = (6 - Math.Clamp(d.ModulesAdopted, 1, 6)) / 5.0;
        var unused = 1 - Math.Clamp(d.SeatUtilisation, 0, 1);
        // A renewal inside the 90-day horizon is when a customer can actually leave; nearer is riskier.
        var renewal = d.DaysToRenewal <= 90 ? 1 - 0.5 * Math.Max(0, d.DaysToRenewal) / 90.0 : 0;
        var logit = Intercept
            + DeclineWeight * Math.Clamp(d.UsageDecline, 0, 1)
            + ShallowAdoptionWeight * shallow
            + UnusedSeatsWeight * unused
            + FrictionWeight * Math.Clamp(d.SupportFriction, 0, 1)
            + (d.Downgraded ? DowngradeWeight : 0)
            + RenewalWeight * renewal
            + d.Noise;
        return 1 / (1 + Math.Exp(-logit));
    }
}
