using System.Text.Json.Nodes;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Lifecycle;

/// <summary>Every gate decision is stored with its OPA-shaped decision-log entry, masked by the bundle's data.system.log.mask.</summary>
public sealed class DecisionLogEntryTests(PostgresFixture postgres) : HarnessTest(postgres), IDisposable
{
    // The real input carries no contact data for the shipped mask rules to hit, so the copy adds a
    // rule for a field every gate input has.
    private const string RevenueMask = """
        package system.log

        mask contains "/input/account/mrr" if {
        	_ = input.input.account.mrr
        }
        """;

    private readonly BundleCopy _bundle = CreateBundle();

    private static BundleCopy CreateBundle()
    {
        var bundle = new BundleCopy();
        bundle.Write("system/log/revenue.rego", RevenueMask);
        return bundle;
    }

    protected override void Configure(ActionPlaneEngineOptions options) => options.PoliciesDirectory = _bundle.Path;

    public void Dispose() => _bundle.Dispose();

    [Fact]
    public async Task GateDecision_IsRecordedWithAMaskedLogEntry_UnderTheDecisionsRevision()
    {
        // Arrange
        var proposal = await H.ProposeAsync("pin_shortcut");

        // Act
        await H.Applier.ApplyAsync(proposal.ProposalId, "k", LifecycleHarness.Csm);
        var record = await H.Decisions.GetAsync(proposal.ProposalId);
        var events = (await H.EventsAsync(proposal.ProposalId)).OfType<PolicyEvaluated>().ToList();

        // Assert
        events.Select(e => e.Operation).Should().Equal("propose", "apply");
        foreach (var evaluated in events)
        {
            evaluated.DecisionLog.Should().NotBeNull($"the {evaluated.Operation} decision carries its log entry");
            evaluated.DecisionLog!.ContainsKey("input").Should().BeFalse("the event holds the input once; the masked copy is derived from it");
            var log = MaskedDecisionLog.Expand(evaluated.DecisionLog, evaluated.Input, evaluated.Result);
            log!["decision_id"]!.GetValue<string>().Should().Be(evaluated.DecisionId);
            log["path"]!.GetValue<string>().Should().Be("actionplane/gate/decision");
            log["bundles"]!["actionplane"]!["revision"]!.GetValue<string>().Should().Be(evaluated.PolicyRevision);
            log["result"]!["allow"]!.GetValue<bool>().Should().Be(evaluated.Allow);
            log["metrics"]!["timer_rego_query_eval_ns"]!.GetValue<long>().Should().Be(evaluated.EvalNanoseconds);
            log["erased"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Equal("/input/account/mrr");
            log["input"]!["account"]!.AsObject().ContainsKey("mrr").Should().BeFalse();
            log["input"]!["account"]!["id"]!.GetValue<string>().Should().Be(LifecycleHarness.AccountId, "only the masked field goes");
            evaluated.Input["account"]!["mrr"].Should().NotBeNull("the gate decided on the full input; only the log entry is masked");
        }

        var exported = record!.ToDecisionLogEntry();
        exported["decision_id"]!.GetValue<string>().Should().Be(record.DecisionId);
        exported["bundles"]!["actionplane"]!["revision"]!.GetValue<string>().Should().Be(record.PolicyRevision);
        exported["input"]!["account"]!.AsObject().ContainsKey("mrr").Should().BeFalse();
        exported["labels"]!["operation"]!.GetValue<string>().Should().Be("apply");
        record.DecisionLogEntries().Select(e => e["decision_id"]!.GetValue<string>()).Should().Equal(events.Select(e => e.DecisionId));
    }

    [Fact]
    public void ToDecisionLogEntry_RebuildsTheEntry_ForDecisionsRecordedWithoutOne()
    {
        // Arrange: a record projected from events written before decision logs were stored.
        var record = new DecisionRecord
        {
            Id = Guid.NewGuid(),
            DecisionId = "dec-1",
            Operation = "propose",
            Input = new JsonObject { ["operation"] = "propose" },
            PolicyRevision = "rev-1",
            Decisions = [new GateDecisionSummary("propose", "dec-1", true, [], "rev-1", "csm@demo.local", LifecycleHarness.Start)],
        };

        // Act
        var entry = record.ToDecisionLogEntry();

        // Assert
        entry["decision_id"]!.GetValue<string>().Should().Be("dec-1");
        entry["input"]!["operation"]!.GetValue<string>().Should().Be("propose");
        entry["bundles"]!["actionplane"]!["revision"]!.GetValue<string>().Should().Be("rev-1");
        record.DecisionLogEntries().Should().BeEmpty();
    }
}
