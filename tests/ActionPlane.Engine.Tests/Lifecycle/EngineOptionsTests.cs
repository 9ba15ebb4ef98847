using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Engine.Tests.Lifecycle;

public sealed class EngineOptionsTests
{
    private static ActionPlaneEngineOptions Valid() => new()
    {
        ConnectionString = "Host=localhost;Password=secret-password",
        RollbackTokenKey = "0123456789abcdef0123456789abcdef",
    };

    [Fact]
    public void AddActionPlaneEngine_WithShortRollbackKey_FailsNamingTheField()
    {
        var options = Valid();
        options.RollbackTokenKey = "too-short";

        var act = () => new ServiceCollection().AddActionPlaneEngine(options);

        act.Should().Throw<ArgumentException>().WithMessage("*RollbackTokenKey*32 bytes*");
    }

    [Fact]
    public void AddActionPlaneEngine_WithoutConnectionString_FailsNamingTheField()
    {
        var options = Valid();
        options.ConnectionString = "";

        var act = () => new ServiceCollection().AddActionPlaneEngine(options);

        act.Should().Throw<ArgumentException>().WithMessage("*ConnectionString*");
    }

    [Theory]
    [InlineData("Drop-Me")]
    [InlineData("1schema")]
    [InlineData("a;b")]
    public void Validate_RejectsUnsafeSchemaNames(string schema)
    {
        var options = Valid();
        options.SchemaName = schema;

        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithMessage("*SchemaName*");
    }

    [Fact]
    public void SecretsNeverAppearInToString()
    {
        var options = Valid();

        options.ToString().Should().NotContain(options.RollbackTokenKey).And.NotContain("secret-password");
        new RollbackTokenKey(options.RollbackTokenKey).ToString().Should().NotContain(options.RollbackTokenKey);
    }

    [Fact]
    public void PoliciesDirectory_DefaultsToTheBundleCopiedNextToTheBinaries()
    {
        var options = Valid();

        Directory.Exists(options.PoliciesDirectory).Should().BeTrue();
        File.Exists(Path.Combine(options.PoliciesDirectory, "data.json")).Should().BeTrue();
    }
}
