using ActionPlane.Web.Features.Csm;

namespace ActionPlane.Web.Tests.Features;

public sealed class ApplyConfirmationTests
{
    [Fact]
    public void Message_NamesTheActionAndAccount_AndThatItCanBeUndone()
    {
        var message = ApplyConfirmation.Message(Samples.Proposal(), "Atlas Works");

        message.Should().StartWith($"{Samples.Proposal().Title} for Atlas Works.").And.Contain("undo it from this card");
        message.Should().NotContain("expected value", "a positive expected value needs no warning");
    }

    // Regression: an alternative the models expect to lose money was applied with the same plain question as the engine's pick.
    [Fact]
    public void Message_WarnsWhenTheModelsExpectTheActionToLoseMoney()
    {
        var proposal = Samples.Proposal();
        var losing = proposal with { Scores = proposal.Scores with { ExpectedValue = -46m } };

        var message = ApplyConfirmation.Message(losing, "Atlas Works");

        message.Should().EndWith("Its expected value is -$46: the models expect it to cost more than it saves.");
    }

    [Theory]
    [InlineData(-46, "Its expected value is -$46: the models expect it to cost more than it saves.")]
    [InlineData(0, null)]
    [InlineData(110, null)]
    public void ExpectedValueWarning_OnlyForANegativeValue(int expectedValue, string? sentence)
    {
        ActionPlane.Web.Features.Shared.ExpectedValueWarning.For(expectedValue).Should().Be(sentence);
    }
}
