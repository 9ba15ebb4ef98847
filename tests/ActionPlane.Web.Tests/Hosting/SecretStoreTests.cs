using ActionPlane.Web.Hosting;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ActionPlane.Web.Tests.Hosting;

public sealed class SecretStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ap-secrets-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void LoadOrCreate_GeneratesOnce_ThenReusesTheSameKey()
    {
        var first = SecretStore.LoadOrCreate(_folder, "jwt-signing");
        var second = SecretStore.LoadOrCreate(_folder, "jwt-signing");

        first.Should().HaveCount(64);
        second.Should().Equal(first);
        SecretStore.LoadOrCreate(_folder, "rollback").Should().NotEqual(first);
    }

    [Fact]
    public void LoadOrCreate_KeepsTheKeyReadableByItsOwnerOnly()
    {
        SecretStore.LoadOrCreate(_folder, "jwt-signing");

        if (OperatingSystem.IsWindows())
            return;
        File.GetUnixFileMode(Path.Combine(_folder, "keys", "jwt-signing.key"))
            .Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void Resolve_UsesTheConfiguredKey_WhenSet()
    {
        var key = new string('k', 40);
        var configuration = Configuration(("ActionPlane:Auth:SigningKey", key));

        var resolved = SecretStore.Resolve(configuration, Environment("Production"), "ActionPlane:Auth:SigningKey", "jwt-signing");

        resolved.Should().Equal(System.Text.Encoding.UTF8.GetBytes(key));
        Directory.Exists(_folder).Should().BeFalse("a configured key is never written to disk");
    }

    [Fact]
    public void Resolve_RefusesAShortKey_NamingTheSetting()
    {
        var configuration = Configuration(("ActionPlane:Auth:SigningKey", "short"));

        var act = () => SecretStore.Resolve(configuration, Environment("Development"), "ActionPlane:Auth:SigningKey", "jwt-signing");

        act.Should().Throw<StartupConfigurationException>().WithMessage("*ActionPlane__Auth__SigningKey*32*");
    }

    [Fact]
    public void Resolve_GeneratesInDataDirectory_OnlyInTheDemoSetup()
    {
        var demo = Configuration(("ActionPlane:Demo:Enabled", "true"), ("ActionPlane:DataDirectory", _folder));

        var resolved = SecretStore.ResolveText(demo, Environment("Development"), "ActionPlane:Auth:SigningKey", "jwt-signing");

        resolved.Should().Be(Convert.ToBase64String(SecretStore.LoadOrCreate(_folder, "jwt-signing")), "the generated key is kept and reused");
        File.Exists(Path.Combine(_folder, "keys", "jwt-signing.key")).Should().BeTrue();
    }

    [Fact]
    public void Resolve_Refuses_InProduction_EvenWithDemoSwitchedOn()
    {
        var demo = Configuration(("ActionPlane:Demo:Enabled", "true"), ("ActionPlane:DataDirectory", _folder));

        var act = () => SecretStore.Resolve(demo, Environment("Production"), "ActionPlane:Auth:SigningKey", "jwt-signing");

        act.Should().Throw<StartupConfigurationException>().WithMessage("Set ActionPlane__Auth__SigningKey*");
        Directory.Exists(_folder).Should().BeFalse();
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static IHostEnvironment Environment(string name) => new TestHostEnvironment(name);
}
