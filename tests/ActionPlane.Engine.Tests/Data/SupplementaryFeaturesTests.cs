using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;

namespace ActionPlane.Engine.Tests.Data;

public sealed class SupplementaryFeaturesTests
{
    [Fact]
    public void Compute_IgnoresSignalsOnOrAfterTheAsOfDay_AndKeepsNoNpsMissing()
    {
        var tenant = new TenantGenerator(3).Generate(20, new DateOnly(2026, 1, 1));
        var account = tenant.Accounts[0];
        var signals = tenant.SignalsByAccount()[account.Id];
        var future = new SupportTicket { Id = "t-future", AccountId = account.Id, OpenedOn = tenant.AsOf, Priority = "urgent" };
        var withFuture = signals with { Tickets = [.. signals.Tickets, future], Nps = [] };

        var before = SupplementaryFeatures.Compute(account, signals with { Nps = [] }, tenant.AsOf);
        var after = SupplementaryFeatures.Compute(account, withFuture, tenant.AsOf);

        after.Should().BeEquivalentTo(before);
        after["avg_nps_90d"].Should().BeNull();
        after["nps_responses_90d"].Should().Be(0);
    }

    [Fact]
    public void Compute_CountsTicketsInsideTheNinetyDayWindow()
    {
        var tenant = new TenantGenerator(3).Generate(1, new DateOnly(2026, 1, 1));
        var account = tenant.Accounts[0];
        var asOf = tenant.AsOf;
        var tickets = new[] { 1, 89, 90, 91 }.Select(d => new SupportTicket { Id = $"t{d}", AccountId = account.Id, OpenedOn = asOf.AddDays(-d), Priority = d == 1 ? "urgent" : "low" }).ToList();
        var signals = new AccountSignals([], tickets, [], []);

        var values = SupplementaryFeatures.Compute(account, signals, asOf);

        values["tickets_90d"].Should().Be(3);
        values["urgent_tickets_90d"].Should().Be(1);
        values["tickets_per_100_seats_90d"].Should().BeApproximately(300.0 / account.Seats, 1e-9);
    }
}
