using System.Text.Json;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Web.Http;
using Microsoft.AspNetCore.Http;

namespace ActionPlane.Web.Tests.Http;

public sealed class ApiExceptionHandlerTests
{
    private sealed record Body(int DiscountPercent);

    [Fact]
    public void ProblemFor_NamesTheField_OfAJsonTypeError()
    {
        var error = Record.Exception(() => JsonSerializer.Deserialize<Body>("""{"DiscountPercent":"ten"}"""))!;

        var problem = ApiExceptionHandler.ProblemFor(new BadHttpRequestException("Failed to read parameter", 400, error));

        problem!.Status.Should().Be(400);
        problem.Detail.Should().StartWith("The field 'DiscountPercent' has an invalid value");
        problem.Detail.Should().NotContain("System.", "callers do not need .NET type names");
    }

    [Fact]
    public void ProblemFor_KeepsTheStatusOfABadRequest()
    {
        var problem = ApiExceptionHandler.ProblemFor(new BadHttpRequestException("Request body too large.", 413));

        problem!.Status.Should().Be(413);
        problem.Detail.Should().Be("Request body too large.");
    }

    [Fact]
    public void ProblemFor_LeavesServerFaultsAlone()
    {
        ApiExceptionHandler.ProblemFor(new InvalidOperationException("bug")).Should().BeNull();
    }

    [Theory]
    [InlineData(LifecycleErrorKind.NotFound, 404)]
    [InlineData(LifecycleErrorKind.Invalid, 422)]
    [InlineData(LifecycleErrorKind.Forbidden, 403)]
    [InlineData(LifecycleErrorKind.Conflict, 409)]
    [InlineData(LifecycleErrorKind.PolicyDenied, 422)]
    [InlineData(LifecycleErrorKind.TokenRejected, 422)]
    public void ProblemFor_MapsEachLifecycleRefusal_ToAClientError(LifecycleErrorKind kind, int status)
    {
        var problem = ApiExceptionHandler.ProblemFor(new LifecycleException(kind, "What to do next."));

        problem!.Status.Should().Be(status);
        problem.Detail.Should().Be("What to do next.");
        problem.Extensions["kind"].Should().Be(kind.ToString());
    }

    [Fact]
    public void ProblemFor_CarriesThePolicyDenyReasons()
    {
        var problem = ApiExceptionHandler.ProblemFor(new LifecycleException(LifecycleErrorKind.PolicyDenied, "Denied.",
            ["frequency_cap.user_weekly: too many nudges this week"]));

        problem!.Extensions["reasons"].Should().BeEquivalentTo(new[] { "frequency_cap.user_weekly: too many nudges this week" });
    }
}
