using ActionPlane.Web.Auth;

namespace ActionPlane.Web.Tests.Auth;

public sealed class UserDirectoryTests
{
    private static UserDirectory DirectoryWith(AppUser user, string password)
    {
        var directory = new UserDirectory();
        directory.Add(user, password);
        return directory;
    }

    [Fact]
    public void Validate_ReturnsUser_ForRightPassword_IgnoringEmailCase()
    {
        var directory = DirectoryWith(DemoUsers.Csm, "demo");

        var user = directory.Validate("  CSM@Demo.Local ", "demo");

        user.Should().Be(DemoUsers.Csm);
    }

    [Theory]
    [InlineData("csm@demo.local", "Demo")]
    [InlineData("csm@demo.local", "")]
    [InlineData("nobody@demo.local", "demo")]
    [InlineData("", "demo")]
    [InlineData(null, null)]
    public void Validate_ReturnsNull_ForWrongCredentials(string? email, string? password)
    {
        var directory = DirectoryWith(DemoUsers.Csm, "demo");

        directory.Validate(email, password).Should().BeNull();
    }
}
