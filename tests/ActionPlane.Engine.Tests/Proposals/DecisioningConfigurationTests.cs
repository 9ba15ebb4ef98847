using ActionPlane.Engine.Proposals;
using Microsoft.Extensions.Configuration;

namespace ActionPlane.Engine.Tests.Proposals;

/// <summary>ActionPlane:Decisioning:* as the Web host and the CLI both read it: set keys reach the options, unset keep the defaults, bad ones are named.</summary>
public sealed class DecisioningConfigurationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void SetKeys_ReachTheOptions_UnsetKeysKeepTheDefaults()
    {
        var options = new DecisioningOptions();

        DecisioningConfiguration.Read(Config(("ActionPlane:Decisioning:UncertaintyPenalty", "2"), ("ActionPlane:Decisioning:Epsilon", "0.2"),
            ("ActionPlane:Decisioning:WeeklyBudget", "500")), options);

        options.Arbitration.Should().Be(new Engine.Decisioning.ArbitrationSettings { UncertaintyPenalty = 2, Epsilon = 0.2 });
        options.WeeklyBudget.Should().Be(500m);
        options.ProposalTtlDays.Should().Be(DecisioningOptions.DefaultProposalTtlDays);
    }

    [Theory]
    [InlineData("UncertaintyPenalty", "high", "ActionPlane:Decisioning:UncertaintyPenalty must be a number between 0 and 100, got 'high'.")]
    [InlineData("HorizonMonths", "1.5", "ActionPlane:Decisioning:HorizonMonths must be a whole number between 1 and 120, got '1.5'.")]
    public void BadValue_Throws_NamingTheKey(string key, string value, string message)
    {
        var read = () => DecisioningConfiguration.Read(Config(("ActionPlane:Decisioning:" + key, value)), new DecisioningOptions());

        read.Should().Throw<ArgumentException>().WithMessage(message);
    }
}
