using ActionPlane.Cli.Policy;

namespace ActionPlane.Cli.Tests.Policy;

public sealed class TestCommandTests
{
    private static TempDir Bundle(bool withFailure)
    {
        var dir = new TempDir();
        dir.Write("app/authz.rego", "package app.authz\nimport rego.v1\nallow if \"admin\" in input.roles\n");
        dir.Write("app/authz_test.rego", "package app.authz\nimport rego.v1\n\ntest_admin_allowed if allow with input as {\"roles\": [\"admin\"]}\n\ntest_guest_denied if not allow with input as {\"roles\": [\"guest\"]}\n"
            + (withFailure ? "\ntest_guest_allowed if allow with input as {\"roles\": [\"guest\"]}\n" : ""));
        return dir;
    }

    [Fact]
    public void Test_ReportsPassCount_AndExitsZero_WhenAllPass()
    {
        using var dir = Bundle(withFailure: false);
        var output = new StringWriter();

        var exit = TestCommand.Run(dir.Path, verbose: false, filter: null, output);

        exit.Should().Be(0);
        output.ToString().Should().Contain("PASS: 2/2").And.NotContain("FAIL");
    }

    [Fact]
    public void Test_NamesFailingTestsWithFileAndRow_AndExitsOne()
    {
        using var dir = Bundle(withFailure: true);
        var output = new StringWriter();

        var exit = TestCommand.Run(dir.Path, verbose: false, filter: null, output);

        exit.Should().Be(1);
        var text = output.ToString();
        text.Should().Contain("data.app.authz.test_guest_allowed: FAIL");
        text.Should().Contain("app/authz_test.rego:8");
        text.Should().Contain("PASS: 2/3").And.Contain("FAIL: 1/3");
        text.Should().NotContain("test_admin_allowed");
    }

    [Fact]
    public void Test_Verbose_ListsEveryTest()
    {
        using var dir = Bundle(withFailure: false);
        var output = new StringWriter();

        TestCommand.Run(dir.Path, verbose: true, filter: null, output);

        output.ToString().Should().Contain("data.app.authz.test_admin_allowed: PASS").And.Contain("data.app.authz.test_guest_denied: PASS");
    }

    [Fact]
    public void Test_ReportsLoadErrors_WithLocation()
    {
        using var dir = new TempDir();
        dir.Write("broken.rego", "package x\np if {\n");
        var output = new StringWriter();

        var exit = TestCommand.Run(dir.Path, verbose: false, filter: null, output);

        exit.Should().Be(2);
        output.ToString().Should().Contain("broken.rego:3");
    }
}
