using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Nudges;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Nudges;

public sealed class PreferenceServiceTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private PreferenceService Preferences => H.Get<PreferenceService>();

    [Fact]
    public async Task Proposal_IsDeniedByConsentRule_AfterTheUserOptsOut()
    {
        // Arrange
        await Preferences.SaveAsync(new NudgePreferences(LifecycleHarness.MemberId, [], NudgeFrequency.Normal, OptedOut: true));

        // Act: the CSM explicitly asks for actions aimed at this user; the gate must still refuse them.
        var proposals = await H.Engine.ProposeForUserAsync(LifecycleHarness.AccountId, LifecycleHarness.MemberId, LifecycleHarness.Csm);

        // Assert
        var forMember = proposals.Proposals.Where(p => p.UserId == LifecycleHarness.MemberId).ToList();
        forMember.Should().NotBeEmpty();
        forMember.Should().OnlyContain(p => !p.Allowed && p.Deny.Any(d => d.Rule == "consent.user_opted_out"));
        var record = await H.Decisions.GetAsync(forMember[0].ProposalId);
        record!.Input["user"]!["opted_out"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task Proposal_IsDeniedByFrequencyPreference_WhenTheUserWantsNoNudges()
    {
        await Preferences.SaveAsync(new NudgePreferences(LifecycleHarness.MemberId, [], NudgeFrequency.None, OptedOut: false));

        var proposals = await H.Engine.ProposeForUserAsync(LifecycleHarness.AccountId, LifecycleHarness.MemberId, LifecycleHarness.Csm);

        proposals.Proposals.Where(p => p.UserId == LifecycleHarness.MemberId)
            .Should().NotBeEmpty().And.OnlyContain(p => p.Deny.Any(d => d.Rule == "frequency.user_preference"));
    }

    [Fact]
    public async Task Save_StoresMutedCategoriesInCatalogOrder_AndGetReadsThemBack()
    {
        await Preferences.SaveAsync(new NudgePreferences(LifecycleHarness.MemberId, ["pricing", "onboarding", "pricing"], NudgeFrequency.Fewer, false));

        var saved = await Preferences.GetAsync(LifecycleHarness.MemberId);
        var user = await H.LoadAsync<EndUser>(LifecycleHarness.MemberId);

        saved.MutedCategories.Should().Equal("onboarding", "pricing");
        saved.Frequency.Should().Be("fewer");
        user!.MutedCategories.Should().Equal("onboarding", "pricing");
    }

    [Theory]
    [InlineData("gossip", "normal", "muted_categories")]
    [InlineData("pricing", "sometimes", "frequency")]
    public async Task Save_RejectsBadInput_NamingTheField_AndChangesNothing(string category, string frequency, string field)
    {
        var act = () => Preferences.SaveAsync(new NudgePreferences(LifecycleHarness.MemberId, [category], frequency, true));

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Message.Should().StartWith(field + ":");
        var user = await H.LoadAsync<EndUser>(LifecycleHarness.MemberId);
        user!.OptedOut.Should().BeFalse();
        user.MutedCategories.Should().BeEmpty();
    }

    [Fact]
    public async Task Get_ThrowsNotFound_ForUnknownUser()
    {
        var act = () => Preferences.GetAsync("usr-nobody");

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Kind.Should().Be(LifecycleErrorKind.NotFound);
    }
}
