using ActionPlane.Engine.Domain;

namespace ActionPlane.Engine.Data;

// Signal generation: each signal is a noisy realisation of one latent driver.
public sealed partial class TenantGenerator
{
    // Adoption order: common modules first, so a shallow account uses reports/dashboards only.
    private static readonly string[] ModuleOrder = ["reports", "dashboards", "automations", "integrations", "mobile", "api"];
    private static readonly double[] ModuleRates = [1.2, 1.0, 0.6, 0.4, 0.5, 2.0];

    private static void GenerateUsage(Random rng, string accountId, DateOnly asOf, int seats, ChurnDrivers d, TenantBuilder builder)
    {
        var adopted = new bool[ModuleOrder.Length];
        for (var m = 0; m < d.ModulesAdopted; m++)
            adopted[m] = true;
        var engagement = 0.5 + 0.4 * rng.NextDouble();

        for (var daysBefore = HistoryDays; daysBefore >= 1; daysBefore--)
        {
            var day = asOf.AddDays(-daysBefore);
            // The decline ramps in over the last 30 days, so 7-day vs 30-day usage reveals it.
            var ramp = Math.Clamp((30 - daysBefore) / 30.0, 0, 1);
            var level = 1 - d.UsageDecline * ramp;
            var weekday = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.3 : 1.0;
            var expected = seats * d.SeatUtilisation * engagement * level * weekday;
            var active = Math.Clamp((int)Math.Round(expected * (1 + 0.2 * rng.Gaussian())), 0, seats);
            var sessions = active == 0 ? 0 : rng.Poisson(active * (1.6 + 0.4 * level));
            var seatsUsed = Math.Clamp((int)Math.Round(seats * d.SeatUtilisation * (0.85 + 0.15 * level) + rng.Gaussian()), 0, seats);

            var events = new int[ModuleOrder.Length];
            for (var m = 0; m < ModuleOrder.Length; m++)
                events[m] = adopted[m] ? rng.Poisson(active * ModuleRates[m]) : (rng.Chance(0.002) ? 1 : 0);

            builder.Usage.Add(UsageDay.Generated(accountId, day, active, sessions, seatsUsed, events));
        }
    }

    private static void GenerateTickets(Random rng, string accountId, DateOnly asOf, int seats, ChurnDrivers d, TenantBuilder builder)
    {
        var perDay = (0.01 + 0.15 * d.SupportFriction) * (1 + seats / 300.0);
        var number = 0;
        for (var daysBefore = HistoryDays; daysBefore >= 1; daysBefore--)
        {
            if (!rng.Chance(perDay))
                continue;
            var opened = asOf.AddDays(-daysBefore);
            var priority = rng.NextDouble() switch
            {
                var x when x < 0.04 + 0.3 * d.SupportFriction => "urgent",
                < 0.45 => "high",
                < 0.8 => "normal",
                _ => "low",
            };
            var closed = opened.AddDays(rng.Next(0, 11));
            // A ticket closing on or after the as-of date is still open in the history.
            var isClosed = closed < asOf;
            int? csat = isClosed && rng.Chance(0.6)
                ? Math.Clamp((int)Math.Round(4.6 - 2.8 * d.SupportFriction + 0.7 * rng.Gaussian()), 1, 5)
                : null;
            builder.Tickets.Add(new SupportTicket
            {
                Id = $"{accountId}-t{++number:D3}",
                AccountId = accountId,
                OpenedOn = opened,
                Priority = priority,
                ClosedOn = isClosed ? closed : null,
                Csat = csat,
            });
        }
    }

    private static void GenerateBilling(Random rng, string accountId, DateOnly asOf, int seats, string plan, ChurnDrivers d, TenantBuilder builder)
    {
        var price = PricePerSeat[plan];
        BillingChange? change = null;
        if (d.Downgraded)
        {
            var before = (int)Math.Ceiling(seats * (1.2 + 0.4 * rng.NextDouble()));
            change = Change("downgrade", rng.Next(1, 91), before * price, seats * price, before, seats);
        }
        else if (plan != "starter" && rng.Chance(0.08))
        {
            var lower = plan == "enterprise" ? PricePerSeat["pro"] : PricePerSeat["starter"];
            change = Change("upgrade", rng.Next(1, HistoryDays + 1), seats * lower, seats * price, seats, seats);
        }
        else if (rng.Chance(0.1))
        {
            var before = Math.Max(1, (int)Math.Round(seats * 0.85));
            change = Change("seat_change", rng.Next(1, HistoryDays + 1), before * price, seats * price, before, seats);
        }
        if (change is not null)
            builder.Billing.Add(change);

        BillingChange Change(string kind, int daysBefore, decimal mrrBefore, decimal mrrAfter, int seatsBefore, int seatsAfter) => new()
        {
            Id = $"{accountId}-b1",
            AccountId = accountId,
            On = asOf.AddDays(-daysBefore),
            Kind = kind,
            MrrBefore = mrrBefore,
            MrrAfter = mrrAfter,
            SeatsBefore = seatsBefore,
            SeatsAfter = seatsAfter,
        };
    }

    private static void GenerateNps(Random rng, string accountId, DateOnly asOf, List<EndUser> users, ChurnDrivers d, TenantBuilder builder)
    {
        foreach (var user in users)
        {
            if (!rng.Chance(0.35))
                continue;
            var score = 9.2 - 4 * d.UsageDecline - 3 * d.SupportFriction - 2 * (1 - d.SeatUtilisation) + 1.5 * rng.Gaussian();
            builder.Nps.Add(new NpsResponse
            {
                Id = $"{user.Id}-nps",
                AccountId = accountId,
                EndUserId = user.Id,
                On = asOf.AddDays(-rng.Next(1, HistoryDays + 1)),
                Score = Math.Clamp((int)Math.Round(score), 0, 10),
            });
        }
    }
}
