using ActionPlane.Engine.Nudges;
using ActionPlane.Web.Features.Preferences;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;

namespace ActionPlane.Web.Tests.Features;

public sealed class PreferencesFormTests : MudTestContext
{
    private static NudgePreferences Saved(params string[] muted) => new("usr-1", muted, NudgeFrequency.Normal, false);

    [Fact]
    public void Loading_ShowsProgress_AndNoForm()
    {
        var cut = Render<PreferencesForm>();

        cut.FindAll("[data-testid=preferences-loading]").Should().ContainSingle();
        cut.FindAll("[data-testid=category]").Should().BeEmpty();
    }

    [Fact]
    public void Error_ShowsTheMessage_InsteadOfLoading()
    {
        var cut = Render<PreferencesForm>(p => p.Add(c => c.Error, "User 'usr-1' does not exist."));

        cut.Find("[data-testid=preferences-error]").TextContent.Should().Contain("does not exist");
        cut.FindAll("[data-testid=preferences-loading]").Should().BeEmpty();
    }

    // Regression: a topic hidden with "Not relevant" showed switched on here with no word of it, as if its tips should still come.
    [Fact]
    public void Data_SaysWhichTopicIsHiddenByNotRelevant_AndForHowLong()
    {
        var until = new DateTimeOffset(2027, 2, 5, 0, 0, 0, TimeSpan.Zero);
        IReadOnlyList<HiddenNudgeView> hidden =
        [
            new("nudge-1", "Get the most out of your workspace", SuppressionEntry.CategoryScope, "onboarding", until, 60),
            new("nudge-2", "Pin Reports", SuppressionEntry.ActionScope, "pin_shortcut", until, 60),
        ];

        var cut = Render<PreferencesForm>(p => p.Add(c => c.Value, Saved()).Add(c => c.Hidden, hidden));

        cut.Find("[data-category=onboarding] [data-testid=category-hidden]").TextContent.Should()
            .Contain("Hidden for 60 days").And.Contain("\"Get the most out of your workspace\" not relevant").And.Contain("undo it under Tips");
        cut.FindAll("[data-testid=category-hidden]").Should().ContainSingle("an action-scoped hide is not a topic");
    }

    [Fact]
    public void Data_ShowsEveryCategory_WithMutedOnesSwitchedOff()
    {
        var cut = Render<PreferencesForm>(p => p.Add(c => c.Value, Saved("pricing")));

        var switches = cut.FindAll("[data-testid=category]");
        switches.Select(s => s.GetAttribute("data-category")).Should().Equal(PreferenceService.Categories);
        cut.Find("[data-category=pricing] input").HasAttribute("checked").Should().BeFalse();
        cut.Find("[data-category=onboarding] input").HasAttribute("checked").Should().BeTrue();
    }

    [Fact]
    public void Save_SendsTheEditedPreferences()
    {
        NudgePreferences? sent = null;
        var cut = Render<PreferencesForm>(p => p.Add(c => c.Value, Saved()).Add(c => c.OnSave, (NudgePreferences v) => sent = v));

        cut.Find("[data-category=support] input").Change(false);
        cut.FindAll("button").Single(b => b.TextContent.Contains("Save preferences")).Click();

        sent.Should().NotBeNull();
        sent!.MutedCategories.Should().Equal("support");
        sent.OptedOut.Should().BeFalse();
    }

    [Fact]
    public void SavedAt_IsShown_AfterASave()
    {
        var cut = Render<PreferencesForm>(p => p.Add(c => c.Value, Saved()).Add(c => c.SavedAt, new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero)));

        cut.Find("[data-testid=preferences-saved]").TextContent.Should().Contain("09:30:00");
    }
}
