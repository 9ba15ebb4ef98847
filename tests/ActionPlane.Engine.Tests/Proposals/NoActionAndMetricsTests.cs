using System.Text.Json.Nodes;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Proposals;

/// <summary>
/// A decision to do nothing is logged with its arm and propensity (off-policy evaluation needs it), and
/// the propose-time gate sees the action type's measured record, as apply does.
/// </summary>
public sealed class NoActionAndMetricsTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    private readonly PostgresFixture _postgres = postgres;

    [Fact]
    public async Task Propose_WhenNothingIsWorthActingOn_RecordsNoActionWithArmAndPropensity_Once()
    {
        // Arrange: no candidate can clear the bar, and ε = 0, so "no action" is the certain greedy choice.
        await using var h = await LifecycleHarness.StartAsync(_postgres, $"t_noact_{Guid.NewGuid():N}"[..30], RiskTier.High,
            o => o.Decisioning.Arbitration = o.Decisioning.Arbitration with { Epsilon = 0, HoldoutShare = 0, MinExpectedValue = 1_000_000m });

        var first = await h.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);
        var again = await h.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        first.Proposals.Should().NotContain(p => p.Trace!.Chosen, "nothing was chosen");
        await using var session = h.Store.QuerySession();
        var records = await session.Query<DecisionRecord>()
            .Where(r => r.AccountId == LifecycleHarness.AccountId && r.ActionType == NoActionDecided.ActionType).ToListAsync();
        var record = records.Should().ContainSingle("an open no-action decision is not logged twice").Subject;
        record.Status.Should().Be(ActionStatus.Proposed, "it is never gated or applied");
        record.Trail.Should().ContainSingle().Which.Type.Should().Be(nameof(NoActionDecided));
        var decided = (await h.EventsAsync(record.Id)).Should().ContainSingle().Subject.Should().BeOfType<NoActionDecided>().Subject;
        decided.Arm.Should().Be(Arm.Exploit);
        decided.Propensity.Should().BeApproximately(1.0, 1e-9, "with ε = 0 the greedy choice is certain");
        decided.Considered.Should().BeEquivalentTo(first.Proposals.Where(p => p.Allowed).Select(p => p.ActionType));
        decided.ModelVersion.Should().Be("churn-test-1");
        again.Proposals.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Propose_WhenAnActionIsChosen_RecordsNoNoActionDecision()
    {
        await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        await using var session = H.Store.QuerySession();
        (await session.Query<DecisionRecord>().Where(r => r.ActionType == NoActionDecided.ActionType).CountAsync())
            .Should().Be(0, "ε is 0 in this harness and the best candidate is worth acting on");
    }

    [Fact]
    public async Task ProposeGateInput_CarriesTheActionTypesMeasuredRecord_AfterAnApply()
    {
        // A zero TTL reads the metrics on every evaluation, so the apply just made must show.
        await using var h = await LifecycleHarness.StartAsync(_postgres, $"t_metrics_{Guid.NewGuid():N}"[..30], RiskTier.High,
            o => o.ActionMetricsTtl = TimeSpan.Zero);
        var outreach = await h.ProposeAsync("csm_outreach");
        var before = PolicyInput(await h.EventsAsync(outreach.ProposalId));
        await h.Applier.ApplyAsync(outreach.ProposalId, "k-metrics", LifecycleHarness.Csm);

        var next = await h.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        before["metrics"]!["action_type"]!["applied"]!.GetValue<int>().Should().Be(0);
        var again = next.Proposals.Single(p => p.ActionType == "csm_outreach");
        var metrics = PolicyInput(await h.EventsAsync(again.ProposalId))["metrics"]!["action_type"]!.AsObject();
        metrics["applied"]!.GetValue<int>().Should().Be(1, "the apply of this type is on record");
        metrics["window_days"]!.GetValue<int>().Should().BePositive();
        metrics["reversal_rate"]!.GetValue<double>().Should().Be(0);
    }

    private static JsonObject PolicyInput(IReadOnlyList<object> events) =>
        events.OfType<PolicyEvaluated>().First(e => e.Operation == "propose").Input;
}
