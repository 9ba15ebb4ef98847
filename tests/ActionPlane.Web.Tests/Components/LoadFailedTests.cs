using ActionPlane.Web.Components;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten.Exceptions;
using Npgsql;

namespace ActionPlane.Web.Tests.Components;

public sealed class LoadFailedTests : MudTestContext
{
    [Fact]
    public void SaysWhatFailed_AndTryAgainLoadsOnceMore()
    {
        var attempts = 0;
        var cut = Render<LoadFailed>(p => p.Add(c => c.What, "Your tips").Add(c => c.OnRetry, () => attempts++));

        cut.Find("[data-testid=load-error]").TextContent.Should().Contain("Your tips could not be loaded").And.Contain("Nothing was changed");
        cut.Find("[data-testid=retry]").Click();

        attempts.Should().Be(1);
    }

    [Fact]
    public void OffersNoButton_WithoutAWayToRetry()
    {
        var cut = Render<LoadFailed>(p => p.Add(c => c.What, "Your tips"));

        cut.FindAll("[data-testid=retry]").Should().BeEmpty();
    }

    [Fact]
    public void DatabaseFailures_AreConnectionAndTimeoutErrors_EvenWhenWrapped_NotBugs()
    {
        DatabaseFailures.Is(new NpgsqlException("refused")).Should().BeTrue();
        DatabaseFailures.Is(new InvalidOperationException("wrapped", new TimeoutException())).Should().BeTrue();
        DatabaseFailures.Is(new InvalidOperationException("a bug")).Should().BeFalse();
        DatabaseFailures.Is(new NullReferenceException()).Should().BeFalse();
    }

    [Fact]
    public void DatabaseFailures_IncludeMartenErrors_SoGovernancePagesKeepTheirErrorState()
    {
        DatabaseFailures.Is(new MartenException("relation does not exist")).Should().BeTrue();
        DatabaseFailures.Is(new InvalidOperationException("wrapped", new MartenException("bad"))).Should().BeTrue();
    }

    [Fact]
    public void AComposedMessage_IsShownAsIs_WithItsOwnTestIdAndClass_AndTryAgain()
    {
        var attempts = 0;
        var message = DatabaseFailures.Describe("The decision log", new NpgsqlException("Failed to connect to 127.0.0.1:5999"));
        var cut = Render<LoadFailed>(p => p.Add(c => c.Message, message).Add(c => c.TestId, "audit-error")
            .Add(c => c.Class, "mt-4").Add(c => c.OnRetry, () => attempts++));

        var alert = cut.Find("[data-testid=audit-error]");
        alert.TextContent.Should().Contain("The decision log could not be read: Failed to connect to 127.0.0.1:5999. Nothing was changed; try again")
            .And.NotContain("could not be loaded");
        alert.ClassList.Should().Contain("mt-4");
        cut.Find("[data-testid=audit-error] [data-testid=retry]").Click();
        attempts.Should().Be(1);
    }
}
