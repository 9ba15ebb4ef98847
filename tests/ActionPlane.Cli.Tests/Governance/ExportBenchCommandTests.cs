using ActionPlane.Cli.Governance;

namespace ActionPlane.Cli.Tests.Governance;

public sealed class ExportBenchCommandTests
{
    [Theory]
    [InlineData(0, 10, "ndjson", "--records")]
    [InlineData(100, 10, "xml", "--format")]
    public async Task ExportBench_RefusesBadOptions_NamingTheOption(int records, int accounts, string format, string option)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await ExportBenchCommand.RunAsync(records, accounts, format, null, output, error, CancellationToken.None);

        code.Should().Be(2);
        error.ToString().Should().Contain(option);
    }

    [Fact]
    public async Task ExportBench_SeedsAPrivateCluster_AndStreamsTheWholeLogAndOneAccount()
    {
        var output = new StringWriter();

        var code = await ExportBenchCommand.RunAsync(300, 10, "csv", null, output, new StringWriter(), CancellationToken.None);

        code.Should().Be(0, output.ToString());
        // CSV: a header line, then one line per record (300 in all, 30 for one of 10 accounts).
        output.ToString().Should().Contain("whole log: 301 lines").And.Contain("one account: 31 lines").And.Contain("first byte");
    }
}
