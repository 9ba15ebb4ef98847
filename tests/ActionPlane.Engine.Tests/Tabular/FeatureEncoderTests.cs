using ActionPlane.Engine.Tabular;

namespace ActionPlane.Engine.Tests.Tabular;

public sealed class FeatureEncoderTests
{
    private static CsvTable Parse(string text) => CsvTable.Parse(new StringReader(text), "t.csv");

    [Fact]
    public void Fit_InfersNumericAndCategoricalColumns_AndOneHotsCategories()
    {
        var table = Parse("charges,contract,paperless\n10.5,Month-to-month,Yes\n ,One year,No\n7,Month-to-month,\n");

        var encoder = FeatureEncoder.Fit(table, new HashSet<string>());
        var rows = encoder.EncodeAll(table);

        encoder.Columns.Select(c => (c.Name, c.Kind)).Should().Equal(("charges", ColumnKind.Numeric), ("contract", ColumnKind.Categorical), ("paperless", ColumnKind.Categorical));
        encoder.FeatureNames.Should().Equal("charges", "contract=Month-to-month", "contract=One year", "contract=<other>", "paperless=No", "paperless=Yes", "paperless=<other>");
        rows[0].Should().Equal(10.5f, 1, 0, 0, 0, 1, 0);
        // A whitespace-only number is missing (NaN), and a blank category is all zeros: both distinct from 0.
        float.IsNaN(rows[1][0]).Should().BeTrue();
        rows[2][4..].Should().Equal(0, 0, 0);
    }

    [Fact]
    public void Fit_Rejects_TextInAMostlyNumericColumn_NamingLineAndColumn()
    {
        var table = Parse("id,tenure\na,1\nb,2\nc,three\nd,4\n");

        var act = () => FeatureEncoder.Fit(table, new HashSet<string> { "id" });

        act.Should().Throw<TabularException>().WithMessage("t.csv: line 4, column 'tenure': 'three' is not a number*")
            .Which.Column.Should().Be("tenure");
    }

    [Fact]
    public void Fit_DropsIdentifierLikeTextColumns_AndAllBlankColumns()
    {
        var lines = Enumerable.Range(0, 30).Select(i => $"cust-{i},,{i % 3}");
        var table = Parse("customer,empty,x\n" + string.Join('\n', lines) + "\n");

        var encoder = FeatureEncoder.Fit(table, new HashSet<string>());

        encoder.Columns.Select(c => c.Name).Should().Equal("x");
        encoder.Dropped.Select(d => d.Name).Should().Equal("customer", "empty");
    }

    [Fact]
    public void Fit_Skips_ExcludedColumns()
    {
        var table = Parse("a,b\n1,2\n");

        FeatureEncoder.Fit(table, new HashSet<string> { "b" }).FeatureNames.Should().Equal("a");
    }
}
