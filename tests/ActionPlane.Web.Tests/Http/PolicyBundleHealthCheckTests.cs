using System.Net;
using System.Net.Sockets;
using ActionPlane.Policies.Bundles;
using ActionPlane.Web.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
// The alias picks the Opa engine while an older duplicate still exists in ActionPlane.Policies.
using OpaHttpPolicyEngine = ActionPlane.Policies.Opa.OpaHttpPolicyEngine;

namespace ActionPlane.Web.Tests.Http;

/// <summary>The policy part of /health: the active revision, a rejected reload, an OPA server that does not answer.</summary>
public sealed class PolicyBundleHealthCheckTests : IDisposable
{
    private const string Gate = """
        package actionplane.gate

        decision := {"allow": true, "deny": []}
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ap-health-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    public PolicyBundleHealthCheckTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "actionplane", "gate"));
        Write(Gate);
    }

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private void Write(string text) => File.WriteAllText(Path.Combine(_dir, "actionplane", "gate", "gate.rego"), text);

    private Task<HealthCheckResult> CheckAsync(Policies.IPolicyEngine engine) =>
        new PolicyBundleHealthCheck(engine, _services.GetRequiredService<IHttpClientFactory>()).CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task Health_IsDegraded_WithTheLoadError_WhenTheLastReloadWasRejected_AndHealthyAgainOnceFixed()
    {
        // Arrange
        using var engine = new ReloadingPolicyEngine(_dir, watch: false);
        var good = engine.Revision;

        // Act
        Write(Gate.Replace("\"allow\": true", "\"allow\": ", StringComparison.Ordinal));
        var rejected = await engine.ReloadAsync();
        var degraded = await CheckAsync(engine);
        Write(Gate + "\n# fixed\n");
        var fixedReload = await engine.ReloadAsync();
        var healthy = await CheckAsync(engine);

        // Assert
        degraded.Status.Should().Be(HealthStatus.Degraded);
        degraded.Description.Should().Contain(rejected.Error!.Message).And.Contain("actionplane/gate/gate.rego:3:");
        degraded.Data["revision"].Should().Be(good, "the previous revision is still the one deciding");
        healthy.Status.Should().Be(HealthStatus.Healthy);
        healthy.Data["revision"].Should().Be(fixedReload.Revision).And.NotBe(good);
    }

    [Fact]
    public async Task Health_IsUnhealthy_WhenTheOpaServerDoesNotAnswer()
    {
        // Arrange: a port nothing listens on.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var opa = new OpaHttpPolicyEngine(new Uri($"http://127.0.0.1:{port}"), TimeSpan.FromSeconds(1));

        // Act
        var result = await CheckAsync(opa);

        // Assert
        result.Status.Should().Be(HealthStatus.Unhealthy);
        result.Description.Should().Contain($"127.0.0.1:{port}").And.Contain("fails closed");
        result.Data["engine"].Should().Be("opa");
    }
}
