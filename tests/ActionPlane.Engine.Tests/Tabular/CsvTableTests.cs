using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Tests.Tabular;

public sealed class CsvTableTests
{
    private static CsvTable Parse(string text) => CsvTable.Parse(new StringReader(text), "t.csv");

    [Fact]
    public void Parse_ReadsQuotedFieldsWithCommasQuotesAndLineBreaks()
    {
        var table = Parse("id,name,note\r\n1,\"Acme, Inc\",\"said \"\"hi\"\"\"\n2,Beta,\"two\nlines\"\n");

        table.Header.Should().Equal("id", "name", "note");
        table.Rows[0].Should().Equal("1", "Acme, Inc", "said \"hi\"");
        table.Rows[1][2].Should().Be("two\nlines");
    }

    [Fact]
    public void Parse_TreatsBlankAndWhitespaceFieldsAsMissing()
    {
        var table = Parse("a,b,c\n1, ,\n");

        table.Rows[0].Should().Equal("1", null, null);
    }

    [Fact]
    public void Parse_RecordsTheFileLineOfEachRow_SkippingBlankLines()
    {
        var table = Parse("a,b\n1,2\n\n3,\"x\ny\"\n5,6\n");

        table.Lines.Should().Equal(2, 4, 6);
    }

    [Fact]
    public void Parse_Rejects_ARaggedRow_NamingItsLine()
    {
        var act = () => Parse("a,b,c\n1,2,3\n4,5\n");

        act.Should().Throw<TabularException>().WithMessage("t.csv: line 3 has 2 fields but the header has 3.")
            .Which.Line.Should().Be(3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a,b\n")]
    public void Parse_Rejects_AnEmptyFileOrAHeaderWithoutRows(string text)
    {
        var act = () => Parse(text);

        act.Should().Throw<TabularException>().WithMessage("t.csv: *");
    }

    [Fact]
    public void Parse_Rejects_DuplicateAndBlankHeaderNames()
    {
        ((Action)(() => Parse("a,b,a\n1,2,3\n"))).Should().Throw<TabularException>().WithMessage("*'a' appears twice*");
        ((Action)(() => Parse("a,,c\n1,2,3\n"))).Should().Throw<TabularException>().WithMessage("*column 2 of the header is blank*");
    }

    [Fact]
    public void Parse_Rejects_AnUnterminatedQuote()
    {
        var act = () => Parse("a,b\n1,\"open\n");

        act.Should().Throw<TabularException>().WithMessage("*line 2: a quoted field is never closed*");
    }

    [Fact]
    public void IndexOf_Rejects_AnUnknownColumn_NamingItAndTheOption()
    {
        var table = Parse("a,b\n1,2\n");

        var act = () => table.IndexOf("churn", "--label");

        act.Should().Throw<TabularException>().WithMessage("--label: unknown column 'churn' in t.csv; the columns are a, b.");
    }
}
