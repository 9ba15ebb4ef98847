using ActionPlane.Policies.Bundles;
using ActionPlane.Policies.Opa;
using ActionPlane.Policies.Tests.Bundle;

namespace ActionPlane.Policies.Tests.Opa;

public sealed class PolicyEngineOptionsTests
{
    [Fact]
    public void CreateEngine_ChoosesOpa_WhenAUrlIsConfigured()
    {
        var options = new PolicyEngineOptions { OpaUrl = "http://127.0.0.1:8181/" };

        using var engine = options.CreateEngine() as IDisposable;

        engine.Should().BeOfType<OpaHttpPolicyEngine>().Which.Revision.Should().Be("opa:http://127.0.0.1:8181");
    }

    [Fact]
    public void CreateEngine_ChoosesTheReloadingEmbeddedEngine_WithoutAUrl()
    {
        var options = new PolicyEngineOptions { BundleDirectory = RepositoryBundle.Instance.Directory!, WatchBundle = false };

        using var engine = options.CreateEngine() as IDisposable;

        engine.Should().BeOfType<ReloadingPolicyEngine>().Which.Revision.Should().Be(RepositoryBundle.Instance.Revision);
    }

    [Theory]
    [InlineData("localhost:8181")]
    [InlineData("opa")]
    [InlineData("file:///etc/passwd")]
    public void CreateEngine_RejectsABadUrl_NamingTheField(string url)
    {
        var act = () => new PolicyEngineOptions { OpaUrl = url }.CreateEngine();

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("OpaUrl").And.Contain(url);
    }
}
