using ActionPlane.Engine.Data;
using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Tests.Data;

public sealed class TenantGeneratorTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);

    [Fact]
    public void Generate_IsDeterministic_ForTheSameSeed()
    {
        var first = new TenantGenerator(42).Generate(50, AsOf);
        var second = new TenantGenerator(42).Generate(50, AsOf);

        second.Accounts.Should().BeEquivalentTo(first.Accounts, o => o.WithStrictOrdering());
        second.EndUsers.Should().BeEquivalentTo(first.EndUsers, o => o.WithStrictOrdering());
        second.Usage.Should().Equal(first.Usage);
        second.Tickets.Should().Equal(first.Tickets);
        second.Billing.Should().Equal(first.Billing);
        second.Nps.Should().Equal(first.Nps);
        second.Truth.Should().BeEquivalentTo(first.Truth);
    }

    [Fact]
    public void Generate_Differs_ForAnotherSeed()
    {
        var first = new TenantGenerator(42).Generate(50, AsOf);
        var other = new TenantGenerator(43).Generate(50, AsOf);

        other.Usage.Select(u => u.Sessions).Should().NotEqual(first.Usage.Select(u => u.Sessions));
    }

    [Fact]
    public void Generate_KeepsAccountsStable_WhenMoreAreGenerated()
    {
        var small = new TenantGenerator(42).Generate(10, AsOf);
        var large = new TenantGenerator(42).Generate(40, AsOf);

        large.Accounts.Take(10).Should().BeEquivalentTo(small.Accounts, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Generate_GivesEveryAccountAtLeast90DaysOfSignals_EndingTheDayBeforeAsOf()
    {
        var tenant = new TenantGenerator(1).Generate(40, AsOf);

        foreach (var account in tenant.Accounts)
        {
            var days = tenant.Usage.Where(u => u.AccountId == account.Id).Select(u => u.Day).ToList();
            days.Should().OnlyHaveUniqueItems();
            days.Max().Should().Be(AsOf.AddDays(-1));
            days.Min().Should().BeOnOrBefore(AsOf.AddDays(-90));
            days.Should().HaveCountGreaterThanOrEqualTo(90);
        }
        tenant.Tickets.Should().OnlyContain(t => t.OpenedOn < AsOf && (t.ClosedOn == null || t.ClosedOn < AsOf));
        tenant.Tickets.Where(t => t.ClosedOn == null).Should().OnlyContain(t => t.Csat == null, "CSAT is only asked when a ticket closes");
        tenant.Billing.Should().OnlyContain(b => b.On < AsOf);
        tenant.Nps.Should().OnlyContain(n => n.On < AsOf && n.Score >= 0 && n.Score <= 10);
    }

    [Fact]
    public void Generate_GivesAccountsCompleteAttributes_And2To12EndUsers()
    {
        var tenant = new TenantGenerator(2).Generate(100, AsOf);

        tenant.Accounts.Select(a => a.Id).Should().OnlyHaveUniqueItems();
        tenant.Accounts.Should().OnlyContain(a =>
            a.Seats > 0 && a.Mrr > 0 && a.RenewalDate > AsOf && a.CreatedOn < AsOf.AddDays(-TenantGenerator.HistoryDays)
            && new[] { "starter", "pro", "enterprise" }.Contains(a.Plan)
            && new[] { "smb", "mid_market", "enterprise" }.Contains(a.Segment)
            && new[] { "us", "eu", "apac" }.Contains(a.Region));
        tenant.Accounts.Select(a => TimeZoneInfo.FindSystemTimeZoneById(a.TimeZone)).Should().NotContainNulls();
        tenant.EndUsers.GroupBy(u => u.AccountId).Select(g => g.Count()).Should().OnlyContain(n => n >= 2 && n <= 12);
        tenant.EndUsers.Select(u => u.AccountId).Distinct().Should().HaveCount(100);
        tenant.EndUsers.Select(u => u.Email).Should().OnlyHaveUniqueItems();
        tenant.Truth.Keys.Should().BeEquivalentTo(tenant.Accounts.Select(a => a.Id));
    }

    [Fact]
    public void ChurnHazard_Rises_WithEachRiskDriver()
    {
        var calm = new ChurnDrivers(UsageDecline: 0.05, ModulesAdopted: 5, SeatUtilisation: 0.9, SupportFriction: 0.1, Downgraded: false, DaysToRenewal: 200, Noise: 0);
        var baseline = ChurnHazard.Probability(calm);

        ChurnHazard.Probability(calm with { UsageDecline = 0.7 }).Should().BeGreaterThan(baseline);
        ChurnHazard.Probability(calm with { ModulesAdopted = 1 }).Should().BeGreaterThan(baseline);
        ChurnHazard.Probability(calm with { SeatUtilisation = 0.3 }).Should().BeGreaterThan(baseline);
        ChurnHazard.Probability(calm with { SupportFriction = 0.9 }).Should().BeGreaterThan(baseline);
        ChurnHazard.Probability(calm with { Downgraded = true }).Should().BeGreaterThan(baseline);
        ChurnHazard.Probability(calm with { DaysToRenewal = 20 }).Should().BeGreaterThan(baseline);
        ChurnHazard.Probability(calm with { DaysToRenewal = 20 }).Should().BeGreaterThan(ChurnHazard.Probability(calm with { DaysToRenewal = 80 }));
    }

    [Fact]
    public void Generate_RealisesChurnFromTheHazard_WithAnInformativeTruth()
    {
        var tenant = new TenantGenerator(5).Generate(2000, AsOf);
        var truths = tenant.Truth.Values.ToList();

        var realised = truths.Count(t => t.Churned) / (double)truths.Count;
        truths.Average(t => t.TrueChurnProbability).Should().BeApproximately(realised, 0.03);
        realised.Should().BeInRange(0.1, 0.35);
        RateOf(truths.Where(t => t.Drivers.UsageDecline > 0.5)).Should().BeGreaterThan(RateOf(truths.Where(t => t.Drivers.UsageDecline < 0.1)) + 0.1);
        BinaryMetrics.RocAuc(truths.Select(t => t.TrueChurnProbability).ToList(), truths.Select(t => t.Churned).ToList()).Should().BeGreaterThan(0.75);
    }

    [Fact]
    public void Generate_ShowsDecliningUsage_ForAccountsWhoseDriverSaysSo()
    {
        var tenant = new TenantGenerator(6).Generate(300, AsOf);

        var declining = tenant.Truth.Values.Where(t => t.Drivers.UsageDecline > 0.6).Select(t => t.AccountId).ToHashSet();
        var usage = tenant.Usage.Where(u => declining.Contains(u.AccountId)).ToList();
        var lastWeek = usage.Where(u => u.Day >= AsOf.AddDays(-7)).Sum(u => u.Sessions) / 7.0;
        var earlier = usage.Where(u => u.Day < AsOf.AddDays(-60)).Sum(u => u.Sessions) / (TenantGenerator.HistoryDays - 60.0);

        declining.Should().NotBeEmpty();
        lastWeek.Should().BeLessThan(earlier * 0.7);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Generate_Rejects_ANonPositiveAccountCount_NamingIt(int accounts)
    {
        var act = () => new TenantGenerator(1).Generate(accounts, AsOf);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("accounts");
    }

    private static double RateOf(IEnumerable<ChurnTruth> truths)
    {
        var list = truths.ToList();
        return list.Count(t => t.Churned) / (double)list.Count;
    }
}
