using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Outcomes;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Governance;

/// <summary>Six pro accounts in the EU (one served), six starter accounts in the US (none served).</summary>
public sealed class ParityAnalyzerTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private static Account Account(string id, string plan, string region, decimal mrr) => new()
    {
        Id = id, Name = id, Plan = plan, Segment = "smb", Region = region, TimeZone = "UTC", Seats = 10, Mrr = mrr,
        RenewalDate = new DateOnly(2027, 6, 1), CsmOwner = "csm@demo.local", CreatedOn = new DateOnly(2024, 1, 1),
    };

    private async Task ArrangeAsync()
    {
        await using var session = H.Store.LightweightSession();
        for (var i = 1; i <= 5; i++)
            session.Store(Account($"pro-{i}", "pro", "eu", 1200));
        for (var i = 1; i <= 6; i++)
            session.Store(Account($"starter-{i}", "starter", "us", 300));
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task Parity_FlagsTheUnservedGroup_WithExposureAndBenefitPerPlanRegionAndArrBand()
    {
        await ArrangeAsync();
        var shortcut = await H.ProposeAsync("pin_shortcut");
        await H.Applier.ApplyAsync(shortcut.ProposalId, "parity-1", LifecycleHarness.Csm);
        await H.Get<OutcomeRecorder>().RecordAsync(shortcut.ProposalId, OutcomeKinds.Retained, null, LifecycleHarness.Csm);

        var report = await H.Get<ParityAnalyzer>().AnalyzeAsync(LifecycleHarness.Start.AddDays(-1), LifecycleHarness.Start.AddDays(1));

        report.Dimensions.Select(d => d.Name).Should().Equal("plan", "region", "arr_band");
        var plan = report.Dimensions[0].Groups.ToDictionary(g => g.Value);
        plan["pro"].Should().BeEquivalentTo(new { Accounts = 6, Users = 2, AccountsReached = 1, UsersReached = 1, AppliedActions = 1, Discounts = 0, RetainedOutcomes = 1 });
        plan["pro"].ExposureRatio.Should().Be(1);
        plan["pro"].Flagged.Should().BeFalse();
        plan["starter"].AccountExposure.Should().Be(0);
        plan["starter"].ExposureRatio.Should().Be(0);
        plan["starter"].Flagged.Should().BeTrue("it got nothing while pro accounts got actions");
        report.Dimensions[1].Groups.Single(g => g.Value == "us").Flagged.Should().BeTrue();
        report.Dimensions[2].Groups.Select(g => g.Value).Should().BeEquivalentTo(["<10k", "10k–50k"]);
    }

    [Fact]
    public async Task Parity_WithNothingApplied_FlagsNobody_AndSmallGroupsAreNotJudged()
    {
        var report = await H.Get<ParityAnalyzer>().AnalyzeAsync(LifecycleHarness.Start.AddDays(-1), LifecycleHarness.Start.AddDays(1));

        var pro = report.Dimensions[0].Groups.Should().ContainSingle().Subject;
        pro.TooFew.Should().BeTrue();
        pro.ExposureRatio.Should().BeNull();
        pro.Flagged.Should().BeFalse();
        var bad = () => H.Get<ParityAnalyzer>().AnalyzeAsync(LifecycleHarness.Start, LifecycleHarness.Start);
        (await bad.Should().ThrowAsync<LifecycleException>()).Which.Message.Should().StartWith("to:");
    }
}
