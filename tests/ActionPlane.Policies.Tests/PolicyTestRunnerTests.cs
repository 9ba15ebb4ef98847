using ActionPlane.Policies.Tests.Gate;

namespace ActionPlane.Policies.Tests;

public sealed class PolicyTestRunnerTests
{
    private const string Tests = """
        package actionplane.gate

        import rego.v1

        base := {"operation": "propose", "action": {"type": "offer_discount", "payload": {"percent": 15},
          "metadata": {"audience": "account", "channel": "billing", "consequential": true}},
          "account": {"timezone": "UTC", "consent": {"personalization": true}}, "history": {},
          "actor": {"id": "a"}, "approvals": [], "environment": {"now": "2026-11-23T10:00:00Z"}}

        test_propose_allowed if {
          decision.allow with input as base
        }

        test_big_discount_denied if {
          d := decision with input as object.union(base, {"action": {"payload": {"percent": 40}}})
          not d.allow
        }

        test_wrong_expectation_fails if {
          decision.allow with input as object.union(base, {"operation": "apply"})
        }
        """;

    [Fact]
    public void Runner_ReportsPassAndFail_WithFileAndRow()
    {
        var bundle = SampleGate.Bundle(("actionplane/gate/gate_test.rego", Tests));

        var report = PolicyTestRunner.Run(bundle);

        report.Results.Should().HaveCount(3);
        report.Passed.Should().Be(2);
        report.Success.Should().BeFalse();
        var failed = report.Results.Single(r => !r.Passed);
        failed.FullName.Should().Be("data.actionplane.gate.test_wrong_expectation_fails");
        failed.File.Should().Be("actionplane/gate/gate_test.rego");
        failed.Row.Should().Be(19);
    }

    [Fact]
    public void Runner_IgnoresTestRulesOutsideTestFiles_AndAppliesFilter()
    {
        var bundle = SampleGate.Bundle(
            ("actionplane/gate/gate_test.rego", Tests),
            ("other.rego", "package other\ntest_not_a_test := false"));

        var report = PolicyTestRunner.Run(bundle, filter: "big_discount");

        report.Results.Should().ContainSingle().Which.Name.Should().Be("test_big_discount_denied");
        report.Success.Should().BeTrue();
    }
}
