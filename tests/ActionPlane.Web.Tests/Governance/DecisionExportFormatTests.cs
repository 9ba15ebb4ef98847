using ActionPlane.Engine.Governance;

namespace ActionPlane.Web.Tests.Governance;

public sealed class DecisionExportFormatTests
{
    [Theory]
    [InlineData(new[] { "a", "b" }, "a,b\r\n")]
    [InlineData(new[] { "", "b" }, ",b\r\n")]
    [InlineData(new[] { "x,y", "q\"uote" }, "\"x,y\",\"q\"\"uote\"\r\n")]
    [InlineData(new[] { "line\nbreak", "cr\rhere" }, "\"line\nbreak\",\"cr\rhere\"\r\n")]
    public void CsvRow_QuotesOnlyFieldsThatNeedIt_Rfc4180(string[] fields, string expected)
    {
        var row = DecisionExport.CsvRow(fields);

        row.Should().Be(expected);
    }

    [Fact]
    public void CsvRow_WritesNullAsAnEmptyField()
    {
        var row = DecisionExport.CsvRow([null, "b", null]);

        row.Should().Be(",b,\r\n");
    }

    [Fact]
    public void CsvFields_HasOneValuePerHeaderColumn()
    {
        var fields = DecisionExport.CsvFields(Features.Samples.Decision());

        fields.Should().HaveCount(DecisionExport.CsvColumns.Count);
    }
}
