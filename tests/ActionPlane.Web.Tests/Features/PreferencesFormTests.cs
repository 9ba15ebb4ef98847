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
