using ActionPlane.Engine.Decisioning.OffPolicy;

namespace ActionPlane.Engine.Tests.Decisioning;

public sealed class OffPolicyEvaluatorTests
{
    // A synthetic world: context x ∈ [0, 1), two actions plus "none"; reward is Bernoulli with
    // P = 0.3 + 0.4x for "a", 0.6 − 0.2x for "b", 0.4 for none. The logging policy is uniform-ish
    // and depends on x (confounded); the target policy takes "a" when x > 0.5, else "b".
    private static readonly string?[] Actions = ["a", "b", null];

    private static double TrueMean(double x, string? a) => a switch { "a" => 0.3 + 0.4 * x, "b" => 0.6 - 0.2 * x, _ => 0.4 };

    private static double Target(double x, string? a) => (x > 0.5 ? "a" : "b") == a ? 1 : 0;

    private static (List<LoggedDecision<double>> Logs, double TrueValue) World(int n, int seed)
    {
        var rng = new Random(seed);
        var logs = new List<LoggedDecision<double>>(n);
        double truth = 0;
        for (var i = 0; i < n; i++)
        {
            var x = rng.NextDouble();
            // Logging favours "a" for high x, but every action keeps a positive propensity.
            double[] p = [0.2 + 0.4 * x, 0.5 - 0.3 * x, 0.3 - 0.1 * x];
            var u = rng.NextDouble();
            var k = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
            var reward = rng.NextDouble() < TrueMean(x, Actions[k]) ? 1.0 : 0.0;
            logs.Add(new LoggedDecision<double>(x, Actions[k], p[k], reward));
            truth += TrueMean(x, x > 0.5 ? "a" : "b");
        }
        return (logs, truth / n);
    }

    [Fact]
    public void Ips_And_Snips_RecoverTheTargetPolicysValue_WithinTheirIntervals()
    {
        var (logs, truth) = World(20_000, 3);

        var ips = OffPolicyEvaluator.Ips(logs, Target);
        var snips = OffPolicyEvaluator.SelfNormalisedIps(logs, Target);

        truth.Should().BeInRange(ips.Lower, ips.Upper);
        truth.Should().BeInRange(snips.Lower, snips.Upper);
        ips.Value.Should().BeApproximately(truth, 0.02);
        ips.EffectiveSampleSize.Should().BeLessThan(20_000);
    }

    [Fact]
    public void DoublyRobust_IsRight_WithAWrongRewardModel_BecauseThePropensitiesAreRight()
    {
        var (logs, truth) = World(20_000, 5);

        var dr = OffPolicyEvaluator.DoublyRobust(logs, Target, (_, _) => 0.5, Actions);

        dr.Value.Should().BeApproximately(truth, 0.02);
        truth.Should().BeInRange(dr.Lower, dr.Upper);
    }

    [Fact]
    public void DoublyRobust_WithTheTrueRewardModel_HasASmallerIntervalThanIps()
    {
        var (logs, truth) = World(20_000, 9);

        var dr = OffPolicyEvaluator.DoublyRobust(logs, Target, TrueMean, Actions);
        var ips = OffPolicyEvaluator.Ips(logs, Target);

        dr.Value.Should().BeApproximately(truth, 0.01);
        dr.StdError.Should().BeLessThan(ips.StdError);
    }

    [Fact]
    public void Evaluate_RejectsAZeroPropensity_NamingTheRow()
    {
        List<LoggedDecision<double>> logs = [new(0.1, "a", 0.5, 1), new(0.2, "b", 0, 1)];

        var act = () => OffPolicyEvaluator.Ips(logs, Target);

        act.Should().Throw<ArgumentException>().WithMessage("*logs[1]*propensity*");
    }
}
