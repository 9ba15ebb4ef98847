using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Web.Features.Accounts;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Features;

public sealed class Account360ViewTests : MudTestContext
{
    private static readonly Account s_account = new()
    {
        Id = "acc-7", Name = "Nimbus Forge", Plan = "pro", Segment = "mid_market", Region = "eu", TimeZone = "Europe/Berlin",
        Seats = 40, Mrr = 2000m, RenewalDate = new DateOnly(2027, 2, 1), CsmOwner = "csm@demo.local", CreatedOn = new DateOnly(2024, 1, 1),
    };

    private static Account360 Empty() => new(s_account, null, [], [], [], [], []);

    [Fact]
    public void Loading_ShowsProgress()
    {
        var cut = Render<Account360View>(p => p.Add(c => c.Loading, true));

        cut.FindAll("[data-testid=account360-loading]").Should().ContainSingle();
    }

    [Fact]
    public void Error_ShowsTheMessage()
    {
        var cut = Render<Account360View>(p => p.Add(c => c.Error, "Account 'acc-x' does not exist."));

        cut.Find("[data-testid=account360-error]").TextContent.Should().Contain("acc-x");
    }

    [Fact]
    public void Empty_SaysEachSectionIsEmpty_InWords()
    {
        var cut = Render<Account360View>(p => p.Add(c => c.Data, Empty()));

        cut.Find("[data-testid=account360-name]").TextContent.Should().Be("Nimbus Forge");
        foreach (var section in new[] { "no-usage", "no-score", "no-signals", "no-open", "no-past" })
            cut.FindAll($"[data-testid=account360-{section}]").Should().ContainSingle(section);
    }

    [Fact]
    public void Data_ShowsUsageChart_TimelineNewestFirst_AndSplitsOpenFromPastDecisions()
    {
        var usage = Enumerable.Range(0, 30).Select(i => new UsageDay
        {
            Id = $"u{i}", AccountId = "acc-7", Day = new DateOnly(2026, 10, 1).AddDays(i), ActiveUsers = 30 - i, Sessions = 50, SeatsUsed = 20,
        }).ToList();
        var ticket = new SupportTicket { Id = "t1", AccountId = "acc-7", OpenedOn = new DateOnly(2026, 10, 5), Priority = "urgent" };
        var billing = new BillingChange
        {
            Id = "b1", AccountId = "acc-7", On = new DateOnly(2026, 10, 20), Kind = "downgrade", MrrBefore = 2500m, MrrAfter = 2000m, SeatsBefore = 50, SeatsAfter = 40,
        };
        var data = Empty() with
        {
            Usage = usage,
            Tickets = [ticket],
            Billing = [billing],
            OpenProposals = [new DecisionRecord { ActionType = "schedule_nudge", Status = ActionStatus.Allowed, ProposedBy = "csm@demo.local" }],
            PastDecisions = [new DecisionRecord { ActionType = "offer_discount", Status = ActionStatus.Denied, DenyRules = ["frequency_cap.discounts_90d"] }],
        };

        var cut = Render<Account360View>(p => p.Add(c => c.Data, data));

        cut.FindAll("[data-testid=account360-usage]").Should().NotBeEmpty();
        var signals = cut.FindAll("[data-testid=account360-signal]").Select(s => s.TextContent).ToList();
        signals.Should().HaveCount(2);
        signals[0].Should().Contain("2026-10-20").And.Contain("downgrade").And.Contain("$2,500");
        signals[1].Should().Contain("urgent");
        cut.Find("[data-testid=account360-open]").TextContent.Should().Contain("schedule_nudge");
        cut.Find("[data-testid=account360-past]").TextContent.Should().Contain("frequency_cap.discounts_90d");
    }

    // Regression: the chart's default tick spacing of 20 drew a small account's 0–4 daily users flat along the bottom.
    [Fact]
    public void UsageChart_ScalesItsAxisToASmallAccount()
    {
        var usage = Enumerable.Range(0, 30).Select(i => new UsageDay
        {
            Id = $"u{i}", AccountId = "acc-7", Day = new DateOnly(2026, 10, 1).AddDays(i), ActiveUsers = i % 4, Sessions = 5, SeatsUsed = 3,
        }).ToList();

        var cut = Render<Account360View>(p => p.Add(c => c.Data, Empty() with { Usage = usage }));

        var axis = cut.Find("[data-testid=account360-usage]").QuerySelectorAll("text").Select(t => t.TextContent.Trim()).ToList();
        axis.Should().Contain("3").And.NotContain("20");
    }

    [Fact]
    public void PastDecision_AppliedBySystemNba_SaysUnattended_AndOffersTheUndo()
    {
        var unattended = new DecisionRecord { Id = Guid.NewGuid(), ActionType = "show_checklist", Status = ActionStatus.Applied, AppliedBy = "system:nba" };
        var byCsm = new DecisionRecord { Id = Guid.NewGuid(), ActionType = "pin_shortcut", Status = ActionStatus.Applied, AppliedBy = "csm@demo.local" };
        DecisionRecord? undone = null;

        var cut = Render<Account360View>(p => p.Add(c => c.Data, Empty() with { PastDecisions = [unattended, byCsm] })
            .Add(c => c.OnUndo, (DecisionRecord r) => undone = r));

        var rows = cut.FindAll("[data-testid=account360-past]");
        rows[0].QuerySelector("[data-testid=applied-unattended]")!.TextContent.Should().Contain("applied unattended by system:nba");
        rows[1].QuerySelector("[data-testid=applied-unattended]").Should().BeNull("a person applied it");
        cut.FindAll("[data-testid=account360-undo]").Should().ContainSingle();
        cut.Find("[data-testid=account360-undo]").Click();
        undone.Should().Be(unattended);
    }
}
