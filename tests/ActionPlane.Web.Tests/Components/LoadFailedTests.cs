using ActionPlane.Web.Components;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
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
}
