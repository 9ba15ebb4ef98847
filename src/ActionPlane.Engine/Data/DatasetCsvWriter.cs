using System.Globalization;
using System.Text;
using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Data;

/// <summary>Writes the synthetic datasets as CSV with a header row; a missing feature is an empty field.</summary>
public static class DatasetCsvWriter
{
    private static readonly string[] Leading = ["account_id", "plan", "segment", "region"];

    /// <summary>Columns: account_id, plan, segment, region, features…, churned, true_churn_probability.</summary>
    public static void WriteChurn(string path, IEnumerable<ChurnDatasetRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        writer.WriteLine(string.Join(',', [.. Leading, .. SyntheticDatasets.FeatureNames, "churned", "true_churn_probability"]));
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear();
            AppendLeading(line, row.AccountId, row.Plan, row.Segment, row.Region, row.Features);
            line.Append(row.Churned ? ",1," : ",0,").Append(Format(row.TrueChurnProbability));
            writer.WriteLine(line);
        }
    }

    /// <summary>
    /// Columns: account_id, plan, segment, region, features…, treatment, [propensity,] retained,
    /// true_uplift. The propensity column is written only for confounded (non-randomised) logs.
    /// </summary>
    public static void WriteUplift(string path, IEnumerable<UpliftDatasetRow> rows, bool withPropensity)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        string[] tail = withPropensity ? ["treatment", "propensity", "retained", "true_uplift"] : ["treatment", "retained", "true_uplift"];
        writer.WriteLine(string.Join(',', [.. Leading, .. SyntheticDatasets.FeatureNames, .. tail]));
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear();
            AppendLeading(line, row.AccountId, row.Plan, row.Segment, row.Region, row.Features);
            line.Append(row.Treated ? ",1" : ",0");
            if (withPropensity)
                line.Append(',').Append(Format(row.Propensity));
            line.Append(row.Retained ? ",1," : ",0,").Append(Format(row.TrueUplift));
            writer.WriteLine(line);
        }
    }

    private static void AppendLeading(StringBuilder line, string id, string plan, string segment, string region, FeatureSnapshot features)
    {
        line.Append(id).Append(',').Append(plan).Append(',').Append(segment).Append(',').Append(region);
        foreach (var name in SyntheticDatasets.FeatureNames)
        {
            line.Append(',');
            if (features.Values.GetValueOrDefault(name) is { } value)
                line.Append(Format(value));
        }
    }

    private static string Format(double value) => value.ToString("0.########", CultureInfo.InvariantCulture);
}
