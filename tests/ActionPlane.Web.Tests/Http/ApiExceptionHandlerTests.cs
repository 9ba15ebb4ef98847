using System.Text.Json;
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
}
