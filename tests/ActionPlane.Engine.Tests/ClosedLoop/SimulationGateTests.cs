using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.ClosedLoop;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Proposals;
using ActionPlane.Policies;

namespace ActionPlane.Engine.Tests.ClosedLoop;

public sealed class SimulationGateTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 6, 10, 0, 0, TimeSpan.Zero);

    private static (SimulatedAccount Account, AccountScore Score) AnAccount()
    {
        var tenant = new TenantGenerator(5).Generate(30, DateOnly.FromDateTime(Now.UtcDateTime));
        var world = new SimulatedWorld(tenant, Scenario.Default);
        var account = world.Accounts.First(a => a.Account.Environment == "production" && a.Account.FrozenUntil is null
            && a.Account.ConsentPersonalization && a.Users.Any(u => !u.OptedOut && u.MutedCategories.Count == 0));
        var score = new AccountScore
        {
            Id = account.Account.Id, ChurnProbability = 0.3, Tier = RiskTier.Medium, Drivers = [], ModelVersion = "churn-test",
            ScoredAt = Now, Features = Engine.Features.FeatureBuilder.Build(account.Account, account.Signals, DateOnly.FromDateTime(Now.UtcDateTime)),
        };
        return (account, score);
    }

    private static GateSubject Nudge(SimulatedAccount account, AccountScore score)
    {
        var definition = ActionCatalog.Default.Get(new ActionTypeId("pin_shortcut"));
        var user = CandidatePayloads.PickTargetUser(account.Users)!;
        var payload = CandidatePayloads.Build(definition, account.Account, user, score, Now)!;
        return SimulationGate.Subject(Guid.NewGuid(), account, definition, payload);
    }

    [Fact]
    public void Gate_AllowsAFreshAction_AndCountsItsApplicationInTheHistory()
    {
        var (account, score) = AnAccount();
        var gate = new SimulationGate(new EmbeddedPolicyEngine(PolicyBundle.Load(SmallRuns.PoliciesDirectory)));
        var subject = Nudge(account, score);

        var (input, decision) = gate.Evaluate(account, score, subject, "apply", approved: false, Now);
        account.Applied.Add(new DecisionRecord { Id = Guid.NewGuid(), AccountId = account.Account.Id, UserId = subject.UserId, ActionType = subject.ActionType, AppliedAt = Now });
        var (again, _) = gate.Evaluate(account, score, Nudge(account, score), "apply", approved: false, Now.AddHours(1));

        decision.Allow.Should().BeTrue(string.Join("; ", decision.Deny.Select(d => d.Message)));
        input["history"]!["nudges_user_7d"]!.GetValue<int>().Should().Be(0);
        again["history"]!["nudges_user_7d"]!.GetValue<int>().Should().Be(1);
        again["history"]!["days_since_same_action"]!.GetValue<int>().Should().Be(0);
        // The same input shape as the product's builder: every top-level part is there.
        again.Select(kv => kv.Key).Should().BeEquivalentTo(["operation", "action", "account", "user", "history", "metrics", "actor", "approvals", "environment"]);
    }

    [Fact]
    public void CountViolations_ReEvaluatesRecordedInputs_AgainstTheirRevision()
    {
        var (account, score) = AnAccount();
        var bundle = PolicyBundle.Load(SmallRuns.PoliciesDirectory);
        var gate = new SimulationGate(new EmbeddedPolicyEngine(bundle));
        var (input, decision) = gate.Evaluate(account, score, Nudge(account, score), "apply", approved: false, Now);
        gate.RecordApplied(input, decision.Revision);

        // The recorded revision replayed faithfully: no violation.
        gate.CountViolations(new Dictionary<string, IPolicyEngine> { [bundle.Revision] = new EmbeddedPolicyEngine(bundle) }).Should().Be(0);
        // A bundle that denies every pinned shortcut, filed under the recorded revision: the check must catch it.
        var stricter = Directory.EnumerateFiles(SmallRuns.PoliciesDirectory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".rego", StringComparison.Ordinal) || Path.GetFileName(f) == "data.json")
            .ToDictionary(f => Path.GetRelativePath(SmallRuns.PoliciesDirectory, f).Replace('\\', '/'), File.ReadAllText);
        stricter["actionplane/gate/no_pins.rego"] = "package actionplane.gate\n\ndeny contains {\"rule\": \"test.no_pins\", \"message\": \"no pins\"} if input.action.type == \"pin_shortcut\"\n";
        gate.CountViolations(new Dictionary<string, IPolicyEngine> { [bundle.Revision] = new EmbeddedPolicyEngine(PolicyBundle.FromFiles(stricter)) }).Should().Be(1);
        // An unknown revision cannot be checked, so it counts as a violation.
        gate.CountViolations(new Dictionary<string, IPolicyEngine>()).Should().Be(1);
    }
}
