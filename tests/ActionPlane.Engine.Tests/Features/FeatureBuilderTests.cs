using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Tests.Features;

public sealed class FeatureBuilderTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);

    private static readonly Account Account = new()
    {
        Id = "acc-1", Name = "Test Co", Plan = "pro", Segment = "smb", Region = "eu", TimeZone = "Europe/Berlin",
        Seats = 20, Mrr = 700m, RenewalDate = new DateOnly(2026, 12, 1), CsmOwner = "csm@demo.local", CreatedOn = new DateOnly(2025, 11, 23),
    };

    [Fact]
    public void Build_IgnoresSignalsOnOrAfterTheAsOfDay()
    {
        var tenant = new TenantGenerator(9).Generate(20, AsOf);
        var account = tenant.Accounts[3];
        // A ticket opened before the as-of day is known then; that it closes on the day (with a CSAT) is not.
        var openTicket = new SupportTicket { Id = "f2", AccountId = account.Id, OpenedOn = AsOf.AddDays(-2), Priority = "high" };
        var generated = tenant.SignalsByAccount()[account.Id];
        var signals = generated with { Tickets = [.. generated.Tickets, openTicket] };
        var before = FeatureBuilder.Build(account, signals, AsOf);
        var withFuture = signals with
        {
            Usage = [.. signals.Usage, Usage(AsOf, active: 500, sessions: 5000, seatsUsed: 1) with { AccountId = account.Id }, Usage(AsOf.AddDays(3), 400, 900, 1) with { AccountId = account.Id }],
            Tickets = [.. signals.Tickets.Where(t => t.Id != "f2"),
                openTicket with { ClosedOn = AsOf, Csat = 1 },
                new SupportTicket { Id = "f1", AccountId = account.Id, OpenedOn = AsOf, Priority = "urgent" }],
            Billing = [.. signals.Billing, new BillingChange { Id = "f3", AccountId = account.Id, On = AsOf, Kind = "downgrade", MrrBefore = account.Mrr, MrrAfter = account.Mrr / 2, SeatsBefore = account.Seats, SeatsAfter = account.Seats / 2 }],
            Nps = [.. signals.Nps, new NpsResponse { Id = "f4", AccountId = account.Id, EndUserId = "u", On = AsOf, Score = 0 }],
        };

        var after = FeatureBuilder.Build(account, withFuture, AsOf);

        after.Values.Should().BeEquivalentTo(before.Values);
        after.Hash().Should().Be(before.Hash());
    }

    [Fact]
    public void Build_KeepsMissingValuesNull_NotZero()
    {
        var signals = new AccountSignals([Usage(AsOf.AddDays(-1), 5, 10, 8)], [new SupportTicket { Id = "t", AccountId = "acc-1", OpenedOn = AsOf.AddDays(-3), Priority = "low" }], [], []);

        var snapshot = FeatureBuilder.Build(Account, signals, AsOf);

        snapshot.Values["avg_csat_90d"].Should().BeNull("the only ticket is still open, so no CSAT is known");
        snapshot.Values["last_nps"].Should().BeNull();
        snapshot.Values["tickets_30d"].Should().Be(1);
        snapshot.Values["downgraded_90d"].Should().Be(0);
    }

    [Fact]
    public void Build_WithNoSignals_HasNullActivityAndZeroCounts()
    {
        var snapshot = FeatureBuilder.Build(Account, AccountSignals.Empty, AsOf);

        snapshot.Values["days_since_last_activity"].Should().BeNull();
        snapshot.Values["seat_utilisation"].Should().BeNull();
        snapshot.Values["usage_trend_7d_vs_30d"].Should().BeNull();
        snapshot.Values["sessions_30d"].Should().Be(0);
    }

    [Fact]
    public void Build_AggregatesUsageOverItsWindows()
    {
        var usage = new List<UsageDay>
        {
            Usage(AsOf.AddDays(-1), active: 7, sessions: 14, seatsUsed: 15) with { ReportsEvents = 3 },
            Usage(AsOf.AddDays(-10), active: 30, sessions: 60, seatsUsed: 12) with { ApiEvents = 2, MobileEvents = 1 },
            Usage(AsOf.AddDays(-40), active: 90, sessions: 120, seatsUsed: 10) with { DashboardsEvents = 9 },
            Usage(AsOf.AddDays(-100), active: 900, sessions: 900, seatsUsed: 10),
        };

        var v = FeatureBuilder.Build(Account, new AccountSignals(usage, [], [], []), AsOf).Values;

        v["active_users_7d"].Should().BeApproximately(7 / 7.0, 1e-9);
        v["active_users_30d"].Should().BeApproximately(37 / 30.0, 1e-9);
        v["active_users_90d"].Should().BeApproximately(127 / 90.0, 1e-9);
        v["sessions_7d"].Should().Be(14);
        v["sessions_30d"].Should().Be(74);
        v["sessions_90d"].Should().Be(194);
        v["usage_trend_7d_vs_30d"].Should().BeApproximately(14 / 7.0 / (74 / 30.0), 1e-9);
        v["modules_adopted_30d"].Should().Be(3, "reports, api and mobile were used in the last 30 days; dashboards only before");
        v["seat_utilisation"].Should().BeApproximately(15 / 20.0, 1e-9);
        v["days_since_last_activity"].Should().Be(1);
        v["tenure_days"].Should().Be(365);
        v["days_to_renewal"].Should().Be(8);
    }

    [Fact]
    public void Build_CountsTicketsUrgencyAndClosedCsat()
    {
        var tickets = new List<SupportTicket>
        {
            new() { Id = "1", AccountId = "acc-1", OpenedOn = AsOf.AddDays(-5), Priority = "urgent", ClosedOn = AsOf.AddDays(-2), Csat = 2 },
            new() { Id = "2", AccountId = "acc-1", OpenedOn = AsOf.AddDays(-20), Priority = "normal", ClosedOn = AsOf.AddDays(-18), Csat = 5 },
            new() { Id = "3", AccountId = "acc-1", OpenedOn = AsOf.AddDays(-60), Priority = "urgent", ClosedOn = AsOf.AddDays(-59), Csat = 4 },
        };

        var v = FeatureBuilder.Build(Account, new AccountSignals([], tickets, [], []), AsOf).Values;

        v["tickets_30d"].Should().Be(2);
        v["urgent_tickets_30d"].Should().Be(1);
        v["avg_csat_90d"].Should().BeApproximately((2 + 5 + 4) / 3.0, 1e-9);
    }

    [Fact]
    public void Build_CountsTicketsInsideTheHalfYearWindow_AndSmoothsTheirUrgentShare()
    {
        var tickets = new[] { 1, 179, 180, 181 }.Select(d => new SupportTicket { Id = $"t{d}", AccountId = "acc-1", OpenedOn = AsOf.AddDays(-d), Priority = d == 1 ? "urgent" : "low" }).ToList();

        var v = FeatureBuilder.Build(Account, new AccountSignals([], tickets, [], []), AsOf).Values;

        v["tickets_180d"].Should().Be(3);
        v["tickets_per_100_seats_180d"].Should().BeApproximately(300.0 / Account.Seats, 1e-9);
        v["urgent_share_180d_smoothed"].Should().BeApproximately((1 + 2 * 0.1) / (3 + 2), 1e-9, "one urgent of three, shrunk towards a typical 10 % with the weight of two tickets");
        v["seats"].Should().Be(Account.Seats);
    }

    [Fact]
    public void Build_SmoothsCsatAndNpsOverTheHalfYear_TowardsATypicalAccount()
    {
        var tickets = new List<SupportTicket>
        {
            new() { Id = "1", AccountId = "acc-1", OpenedOn = AsOf.AddDays(-35), Priority = "low", ClosedOn = AsOf.AddDays(-29), Csat = 2 },
            new() { Id = "2", AccountId = "acc-1", OpenedOn = AsOf.AddDays(-40), Priority = "low", ClosedOn = AsOf.AddDays(-31), Csat = 5 },
            new() { Id = "3", AccountId = "acc-1", OpenedOn = AsOf.AddDays(-175), Priority = "low", ClosedOn = AsOf.AddDays(-170), Csat = 1 },
            new() { Id = "4", AccountId = "acc-1", OpenedOn = AsOf.AddDays(-190), Priority = "low", ClosedOn = AsOf.AddDays(-185), Csat = 5 },
        };
        var nps = new List<NpsResponse>
        {
            new() { Id = "n1", AccountId = "acc-1", EndUserId = "u1", On = AsOf.AddDays(-10), Score = 8 },
            new() { Id = "n2", AccountId = "acc-1", EndUserId = "u2", On = AsOf.AddDays(-50), Score = 4 },
            new() { Id = "n3", AccountId = "acc-1", EndUserId = "u3", On = AsOf.AddDays(-179), Score = 0 },
            new() { Id = "n4", AccountId = "acc-1", EndUserId = "u4", On = AsOf.AddDays(-181), Score = 10 },
        };

        var v = FeatureBuilder.Build(Account, new AccountSignals([], tickets, [], nps), AsOf).Values;

        v["avg_csat_90d"].Should().BeApproximately(3.5, 1e-9, "only the first two closed inside 90 days");
        v["csat_180d_smoothed"].Should().BeApproximately((2 + 5 + 1 + 2 * 4.2) / (3 + 2), 1e-9, "the fourth closed before the half-year");
        v["nps_180d_smoothed"].Should().BeApproximately((8 + 4 + 0 + 2 * 7.0) / (3 + 2), 1e-9);
    }

    [Fact]
    public void Build_WithoutTicketsOrNps_KeepsAveragesMissing_AndSmoothedValuesAtTheTypicalAccount()
    {
        var v = FeatureBuilder.Build(Account, AccountSignals.Empty, AsOf).Values;

        v["avg_csat_90d"].Should().BeNull();
        v["last_nps"].Should().BeNull();
        v["seat_utilisation_90d"].Should().BeNull();
        v["usage_decline_30d"].Should().BeNull("no history is not the same as steady usage");
        v["seat_use_decline_30d"].Should().BeNull();
        v["tickets_180d"].Should().Be(0);
        v["urgent_share_180d_smoothed"].Should().Be(0.1);
        v["csat_180d_smoothed"].Should().Be(4.2);
        v["nps_180d_smoothed"].Should().Be(7);
    }

    [Fact]
    public void Build_CountsModulesUsedOnThreeDays_AndAveragesSeatUseOverNinetyDays()
    {
        var usage = new List<UsageDay>
        {
            Usage(AsOf.AddDays(-2), active: 4, sessions: 20, seatsUsed: 10) with { ApiEvents = 1, ReportsEvents = 1 },
            Usage(AsOf.AddDays(-13), active: 10, sessions: 8, seatsUsed: 16) with { ApiEvents = 3 },
            Usage(AsOf.AddDays(-20), active: 6, sessions: 30, seatsUsed: 20) with { ApiEvents = 2 },
            Usage(AsOf.AddDays(-80), active: 2, sessions: 32, seatsUsed: 14) with { ReportsEvents = 1 },
        };

        var v = FeatureBuilder.Build(Account, new AccountSignals(usage, [], [], []), AsOf).Values;

        v["modules_adopted_90d"].Should().Be(1, "the api was used on three days, reports on two");
        v["seat_utilisation_90d"].Should().BeApproximately((0.5 + 0.8 + 1.0 + 0.7) / 4, 1e-9);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.4)]
    [InlineData(0.8)]
    [InlineData(-0.3)]
    public void Build_RecoversALinearFadeOverTheLastThirtyDays_AgainstTheNinetyDaysBefore(double fade)
    {
        // Weekday use at 200, weekend use at 60 (its own baseline); the last 30 days fade linearly by `fade`.
        var usage = Enumerable.Range(1, 120).Select(before =>
        {
            var day = AsOf.AddDays(-before);
            var level = before > 30 ? 1 : 1 - fade * (30 - before) / 30.0;
            var baseline = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 60 : 200;
            var value = (int)Math.Round(baseline * level);
            return Usage(day, active: value, sessions: 2 * value, seatsUsed: (int)Math.Round(20 * level));
        }).ToList();

        var v = FeatureBuilder.Build(Account, new AccountSignals(usage, [], [], []), AsOf).Values;

        v["usage_decline_30d"].Should().BeApproximately(fade, 0.005);
        v["sessions_decline_30d"].Should().BeApproximately(fade, 0.005);
        v["seat_use_decline_30d"].Should().BeApproximately(fade, 0.03, "seat counts of 20 round coarsely");
    }

    [Fact]
    public void Build_CountsDaysWithoutUsageRowsAsZero_WhenFittingTheFade()
    {
        // Steady use until 30 days ago, then no rows at all: a sudden stop reads as a fade beyond 1.
        var usage = Enumerable.Range(31, 90).Select(before => Usage(AsOf.AddDays(-before), active: 10, sessions: 20, seatsUsed: 10)).ToList();

        var v = FeatureBuilder.Build(Account, new AccountSignals(usage, [], [], []), AsOf).Values;

        v["usage_decline_30d"].Should().BeGreaterThan(1);
    }

    [Fact]
    public void Build_AsOfAnEarlierDay_GivesTheSameFeaturesWithOrWithoutTheLaterHistory()
    {
        var tenant = new TenantGenerator(5).Generate(30, AsOf);
        var earlier = AsOf.AddDays(-20);
        var signals = tenant.SignalsByAccount();
        foreach (var account in tenant.Accounts.Take(10))
        {
            var all = signals[account.Id];
            var cut = new AccountSignals(
                [.. all.Usage.Where(u => u.Day < earlier)],
                // What was known of a ticket then: opened before, closed (with its CSAT) only if closed before.
                [.. all.Tickets.Where(t => t.OpenedOn < earlier).Select(t => t.ClosedOn < earlier ? t : t with { ClosedOn = null, Csat = null })],
                all.Billing,
                [.. all.Nps.Where(n => n.On < earlier)]);

            FeatureBuilder.Build(account, all, earlier).Values.Should().BeEquivalentTo(FeatureBuilder.Build(account, cut, earlier).Values, account.Id);
        }
    }

    [Fact]
    public void Build_UsesMrrAndSeatsAsTheyWere_BeforeALaterBillingChange()
    {
        var account = Account with { Mrr = 350m, Seats = 10 };
        var change = new BillingChange { Id = "b", AccountId = "acc-1", On = AsOf.AddDays(5), Kind = "downgrade", MrrBefore = 700m, MrrAfter = 350m, SeatsBefore = 20, SeatsAfter = 10 };
        var signals = new AccountSignals([Usage(AsOf.AddDays(-1), 5, 9, 10)], [], [change], []);

        var v = FeatureBuilder.Build(account, signals, AsOf).Values;

        v["mrr"].Should().Be(700);
        v["seat_utilisation"].Should().BeApproximately(10 / 20.0, 1e-9);
        v["downgraded_90d"].Should().Be(0);
        FeatureBuilder.Build(account, signals, AsOf.AddDays(10)).Values["downgraded_90d"].Should().Be(1);
    }

    [Fact]
    public void Build_TakesTheLatestNpsBeforeAsOf()
    {
        var nps = new List<NpsResponse>
        {
            new() { Id = "n1", AccountId = "acc-1", EndUserId = "u1", On = AsOf.AddDays(-30), Score = 9 },
            new() { Id = "n2", AccountId = "acc-1", EndUserId = "u2", On = AsOf.AddDays(-4), Score = 3 },
        };

        FeatureBuilder.Build(Account, new AccountSignals([], [], [], nps), AsOf).Values["last_nps"].Should().Be(3);
    }

    [Fact]
    public void Build_RollsTheRenewalAnniversary_ForEarlierAsOfDays()
    {
        var v = FeatureBuilder.Build(Account, AccountSignals.Empty, new DateOnly(2025, 11, 23)).Values;

        v["days_to_renewal"].Should().Be(8, "the renewal on 2026-12-01 was on 2025-12-01 a year before");
    }

    [Fact]
    public void Build_ReturnsExactlyTheListedFeatures()
    {
        var snapshot = FeatureBuilder.Build(Account, AccountSignals.Empty, AsOf);

        snapshot.Values.Keys.Should().BeEquivalentTo(FeatureBuilder.FeatureNames);
        FeatureBuilder.FeatureNames.Should().OnlyHaveUniqueItems();
        FeatureBuilder.ToVector(snapshot).Should().HaveCount(FeatureBuilder.FeatureNames.Count);
    }

    [Fact]
    public void ToVector_MapsMissingToNaN()
    {
        var snapshot = FeatureBuilder.Build(Account, AccountSignals.Empty, AsOf);

        var vector = FeatureBuilder.ToVector(snapshot);

        float.IsNaN(vector[FeatureBuilder.FeatureNames.ToList().IndexOf("avg_csat_90d")]).Should().BeTrue();
        vector[FeatureBuilder.FeatureNames.ToList().IndexOf("tickets_30d")].Should().Be(0);
    }

    private static UsageDay Usage(DateOnly day, int active, int sessions, int seatsUsed) => new()
    {
        Id = UsageDay.IdFor("acc-1", day), AccountId = "acc-1", Day = day, ActiveUsers = active, Sessions = sessions, SeatsUsed = seatsUsed,
    };
}
