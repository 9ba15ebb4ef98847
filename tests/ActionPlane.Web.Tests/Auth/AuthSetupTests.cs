using ActionPlane.Web.Auth;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Auth;

public sealed class AuthSetupTests
{
    private static UserDirectory UsersFor(string environment, bool demoEnabled)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ActionPlane:Demo:Enabled"] = demoEnabled ? "true" : "false",
            ["ActionPlane:Auth:SigningKey"] = new string('s', 48),
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddActionPlaneAuth(configuration, new TestHostEnvironment(environment));
        return services.BuildServiceProvider().GetRequiredService<UserDirectory>();
    }

    [Fact]
    public void DemoUsers_CanSignIn_InTheDemoSetup()
    {
        var users = UsersFor("Development", demoEnabled: true);

        users.Users.Select(u => u.Email).Should().BeEquivalentTo(DemoUsers.All.Select(u => u.Email));
        users.Validate("enduser@demo.local", "demo")!.Id.Should().Be("demo-enduser", "the end user is the seeded EndUser document");
    }

    [Fact]
    public void DemoUsers_DoNotExist_InProduction_EvenWithTheDemoSwitchedOn()
    {
        UsersFor("Production", demoEnabled: true).Users.Should().BeEmpty();
    }

    [Fact]
    public void DemoUsers_DoNotExist_WhenTheDemoIsOff()
    {
        UsersFor("Development", demoEnabled: false).Users.Should().BeEmpty();
    }
}
