using System.Text.Json.Nodes;
using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using ActionPlane.Policies;
using ActionPlane.Policies.Bundles;

namespace ActionPlane.Engine.Tests.Governance;

/// <summary>Revisions are kept as they become active; a decision recorded under one replays under another with the verdict change shown.</summary>
public sealed class DecisionReplayTests(PostgresFixture postgres) : HarnessTest(postgres), IDisposable
{
    private readonly BundleCopy _bundle = new();

    protected override void Configure(ActionPlaneEngineOptions options)
    {
        options.PoliciesDirectory = _bundle.Path;
        options.WatchPolicies = false;
    }

    public void Dispose() => _bundle.Dispose();

    private ReloadingPolicyEngine Engine => (ReloadingPolicyEngine)H.Get<IPolicyEngine>();

    private Task<ActionPlane.Engine.Proposals.ProposalView> ProposeDiscountAsync(int percent) =>
        H.Engine.ProposeActionAsync(LifecycleHarness.AccountId, "offer_discount", new JsonObject
        {
            ["account_id"] = LifecycleHarness.AccountId,
            ["percent"] = percent,
            ["months"] = 3,
            ["reason"] = "Retention offer",
        }, LifecycleHarness.Csm);

    /// <summary>Revision B lowers the discount cap below what revision A allowed.</summary>
    private async Task<(string A, string B)> TwoRevisionsAsync()
    {
        var a = Engine.Revision;
        _bundle.Write("data.json", _bundle.Read("data.json").Replace("\"discount_max_percent\": 30", "\"discount_max_percent\": 15", StringComparison.Ordinal));
        // B is activated later than A: the harness clock stands still otherwise, and equal times order the revisions by hash.
        H.Clock.Advance(TimeSpan.FromSeconds(1));
        var reload = await Engine.ReloadAsync();
        reload.Changed.Should().BeTrue();
        return (a, reload.Revision);
    }

    [Fact]
    public async Task Replay_UnderARevisionWithALowerDiscountCap_ShowsTheVerdictTurningToDeny()
    {
        // Arrange: the store follows the engine, a 20 % discount is decided under A (needs approval), then B caps discounts at 15 %.
        var revisions = H.Get<PolicyRevisionStore>();
        await revisions.FollowAsync(Engine);
        var proposal = await ProposeDiscountAsync(20);
        var (a, b) = await TwoRevisionsAsync();

        // Act
        var underB = await H.Get<DecisionReplayer>().ReplayAsync(proposal.ProposalId, b);
        var underA = await H.Get<DecisionReplayer>().ReplayAsync(proposal.ProposalId, a);

        // Assert
        proposal.PolicyRevision.Should().Be(a);
        underB.Recorded.Revision.Should().Be(a);
        underB.Recorded.Verdict.Should().Be("requires_approval");
        underB.Replayed.Revision.Should().Be(b);
        underB.Replayed.Verdict.Should().Be("deny");
        underB.VerdictChanged.Should().BeTrue();
        underB.DenyAdded.Should().ContainSingle(d => d.Rule == "approval.max_discount").Which.Message.Should().Contain("15 percent");
        underB.DenyRemoved.Should().BeEmpty();

        underA.Changed.Should().BeFalse("the same input under the same revision decides the same");
        underA.Replayed.Verdict.Should().Be("requires_approval");
    }

    [Fact]
    public async Task Revisions_KeepsEveryActivatedRevisionWithItsFiles_AndDiffsTheChangedLine()
    {
        var revisions = H.Get<PolicyRevisionStore>();
        await revisions.FollowAsync(Engine);
        var (a, b) = await TwoRevisionsAsync();

        var stored = await revisions.ListAsync();
        var diff = PolicyRevisionDiff.Between((await revisions.LoadAsync(a))!, (await revisions.LoadAsync(b))!);

        stored.Select(r => r.Id).Should().BeEquivalentTo([b, a], o => o.WithStrictOrdering());
        stored[1].Files.Should().ContainKey("actionplane/gate/gate.rego");
        var file = diff.Files.Should().ContainSingle().Subject;
        file.Path.Should().Be("data.json");
        file.Change.Should().Be(FileChange.Modified);
        file.Hunks.Should().ContainSingle();
        file.Hunks[0].Lines.Where(l => l.Kind == DiffLineKind.Removed).Select(l => l.Text.Trim()).Should().Equal("\"discount_max_percent\": 30,");
        file.Hunks[0].Lines.Where(l => l.Kind == DiffLineKind.Added).Select(l => l.Text.Trim()).Should().Equal("\"discount_max_percent\": 15,");
    }

    [Fact]
    public async Task Replay_RefusesAnUnknownRevision_AndAnUnknownProposal_WithNotFound()
    {
        var proposal = await ProposeDiscountAsync(20);
        var replayer = H.Get<DecisionReplayer>();

        var unknownRevision = () => replayer.ReplayAsync(proposal.ProposalId, "000000000000");
        var unknownProposal = () => replayer.ReplayAsync(Guid.NewGuid(), Engine.Revision);

        (await unknownRevision.Should().ThrowAsync<LifecycleException>()).Which.Message.Should().StartWith("revision:");
        (await unknownProposal.Should().ThrowAsync<LifecycleException>()).Which.Kind.Should().Be(LifecycleErrorKind.NotFound);
    }
}
