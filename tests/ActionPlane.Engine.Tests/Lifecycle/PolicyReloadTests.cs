using System.Text.Json.Nodes;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using ActionPlane.Policies;
using ActionPlane.Policies.Bundles;

namespace ActionPlane.Engine.Tests.Lifecycle;

/// <summary>An edited bundle is the policy of the next proposal; a broken edit is rejected and the last good revision keeps deciding.</summary>
public sealed class PolicyReloadTests(PostgresFixture postgres) : HarnessTest(postgres), IDisposable
{
    private const string File = "actionplane/gate/eligibility.rego";

    private const string PausedShortcuts = """

        deny contains {"rule": "eligibility.shortcuts_paused", "message": "Pinning shortcuts is paused."} if {
        	action_doc.type == "pin_shortcut"
        }
        """;

    private readonly BundleCopy _bundle = new();

    // Reloads are driven with ReloadAsync, not the watcher, so the test does not depend on timing.
    protected override void Configure(ActionPlaneEngineOptions options)
    {
        options.PoliciesDirectory = _bundle.Path;
        options.WatchPolicies = false;
    }

    public void Dispose() => _bundle.Dispose();

    private ReloadingPolicyEngine Engine => H.Get<IPolicyEngine>().Should().BeOfType<ReloadingPolicyEngine>().Subject;

    private Task<ProposalView> ProposeShortcutAsync() =>
        H.Engine.ProposeActionAsync(LifecycleHarness.AccountId, "pin_shortcut", new JsonObject
        {
            ["user_id"] = LifecycleHarness.MemberId,
            ["feature"] = "reports",
            ["label"] = "Reports",
        }, LifecycleHarness.Csm);

    [Fact]
    public async Task EditedRegoFile_IsTheNextProposalsPolicy_AndABrokenEditKeepsTheLastGoodRevision()
    {
        // Arrange
        var before = await ProposeShortcutAsync();
        var original = _bundle.Read(File);

        // Act: a valid edit, then a broken one.
        _bundle.Write(File, original + PausedShortcuts);
        var edited = await Engine.ReloadAsync();
        var afterEdit = await ProposeShortcutAsync();
        _bundle.Write(File, original + PausedShortcuts + "\ndeny contains {\"rule\": ");
        var broken = await Engine.ReloadAsync();
        var afterBroken = await ProposeShortcutAsync();

        // Assert
        before.Allowed.Should().BeTrue(string.Join("; ", before.Deny.Select(d => d.Rule)));
        edited.Changed.Should().BeTrue();
        edited.Revision.Should().NotBe(before.PolicyRevision);
        afterEdit.PolicyRevision.Should().Be(edited.Revision);
        afterEdit.Deny.Select(d => d.Rule).Should().Contain("eligibility.shortcuts_paused");
        (await H.Decisions.GetAsync(afterEdit.ProposalId))!.PolicyRevision.Should().Be(edited.Revision);

        broken.Changed.Should().BeFalse();
        broken.Error.Should().NotBeNull();
        broken.Error!.File.Should().Be(File);
        broken.Error.Message.Should().StartWith($"{File}:{broken.Error.Row}:{broken.Error.Col}");
        Engine.LastReloadError.Should().BeSameAs(broken.Error);
        afterBroken.PolicyRevision.Should().Be(edited.Revision, "a broken bundle never replaces the last good one");
        afterBroken.Deny.Select(d => d.Rule).Should().Contain("eligibility.shortcuts_paused");
    }
}
