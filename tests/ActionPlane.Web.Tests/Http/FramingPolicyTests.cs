using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Http;

/// <summary>Guards against clickjacking: only the embeddable nudge panel may be framed.</summary>
[Collection(AppCollection.Name)]
public sealed class FramingPolicyTests(ActionPlaneAppFixture app)
{
    [Theory]
    [InlineData("/login")]
    [InlineData("/health")]
    public async Task Pages_RefuseToBeFramed(string path)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(path);

        response.Headers.GetValues("Content-Security-Policy").Should().ContainSingle().Which.Should().Be("frame-ancestors 'none'");
        response.Headers.GetValues("X-Frame-Options").Should().ContainSingle().Which.Should().Be("DENY");
    }

    [Fact]
    public async Task EmbedRoute_MayBeFramedByThisSite()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/embed/nudges");

        response.Headers.GetValues("Content-Security-Policy").Should().ContainSingle().Which.Should().StartWith("frame-ancestors 'self'");
        response.Headers.Contains("X-Frame-Options").Should().BeFalse();
    }
}
