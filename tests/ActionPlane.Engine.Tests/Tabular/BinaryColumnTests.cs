using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Tests.Tabular;

public sealed class BinaryColumnTests
{
    private static CsvTable Parse(string text) => CsvTable.Parse(new StringReader(text), "t.csv");

    [Theory]
    [InlineData("Yes", "No")]
    [InlineData("1", "0")]
    [InlineData("TRUE", "false")]
    public void Read_RecognisesCommonBinaryPairs(string positive, string negative)
    {
        var table = Parse($"y\n{positive}\n{negative}\n{positive}\n");

        BinaryColumn.Read(table, "y", null, "--label").Should().Equal(true, false, true);
    }

    [Fact]
    public void Read_UsesTheGivenPositiveValue()
    {
        var table = Parse("y\nleft\nstayed\n");

        BinaryColumn.Read(table, "y", "stayed", "--label").Should().Equal(false, true);
    }

    [Fact]
    public void Read_Rejects_ASingleClass_NamingTheColumn()
    {
        var table = Parse("churned\n0\n0\n");

        var act = () => BinaryColumn.Read(table, "churned", null, "--label");

        act.Should().Throw<TabularException>().WithMessage("--label: column 'churned' has a single class*");
    }

    [Fact]
    public void Read_Rejects_ABlankLabel_NamingLineAndColumn()
    {
        var table = Parse("x,churned\n1,0\n2, \n");

        var act = () => BinaryColumn.Read(table, "churned", null, "--label");

        act.Should().Throw<TabularException>().WithMessage("t.csv: line 3, column 'churned': the value is blank.");
    }

    [Fact]
    public void Read_AsksForPositive_WhenTheValuesAreNotACommonPair()
    {
        var table = Parse("y\nleft\nstayed\n");

        var act = () => BinaryColumn.Read(table, "y", null, "--label");

        act.Should().Throw<TabularException>().WithMessage("*--positive*");
    }
}
