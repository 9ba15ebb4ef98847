using ActionPlane.Engine.Tabular;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Cli.Train;

/// <summary>
/// <c>train uplift --baseline-csv</c>: untreated outcomes from outside the experiment (the churn CSV of
/// the same accounts, other experiments' control rows), from which the log-odds DR learner's control
/// model is fitted, so only the effect is learnt from the experiment's own rows. Rows of the
/// experiment's test accounts are left out of each fit, so the test Qini stays honest.
/// </summary>
internal sealed class BaselineRows
{
    private readonly float[][] _x;
    private readonly bool[] _outcome;
    private readonly string?[] _ids;
    private readonly string?[] _experimentIds;

    private BaselineRows(float[][] x, bool[] outcome, string?[] ids, string?[] experimentIds)
    {
        _x = x;
        _outcome = outcome;
        _ids = ids;
        _experimentIds = experimentIds;
    }

    public int Count => _x.Length;

    /// <summary>Rows left out of the last fit because their account is one of the experiment's test rows.</summary>
    public int LeftOut { get; private set; }

    /// <summary>Reads the file; a feature column of the experiment it lacks, or a missing <c>--id</c>, is an error naming it.</summary>
    public static BaselineRows Read(UpliftArgs args, CsvTable experiment, FeatureEncoder encoder)
    {
        if (args.Id is null)
            throw new TabularException("--baseline-csv needs --id, so that rows of the test accounts can be left out of the control model.", null, "--id");
        var all = CsvTable.Read(args.BaselineCsv!);
        foreach (var column in encoder.Columns)
            all.IndexOf(column.Name, "--baseline-csv");
        var keep = Enumerable.Range(0, all.Rows.Count).ToList();
        if (all.Has(args.Treatment))
        {
            var t = all.IndexOf(args.Treatment, "--treatment");
            keep = keep.Where(r => string.Equals(all.Rows[r][t], args.Control.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        }
        var table = all.Subset(keep);
        var outcome = BinaryColumn.Read(table, args.BaselineOutcome ?? args.Outcome, args.BaselineOutcome is null ? args.BaselinePositive ?? args.Positive : args.BaselinePositive,
            "--baseline-outcome");
        var id = table.IndexOf(args.Id, "--id");
        var experimentId = experiment.IndexOf(args.Id, "--id");
        return new BaselineRows(encoder.EncodeAll(table.Aligned(experiment.Header)), outcome,
            [.. table.Rows.Select(row => row[id])], [.. experiment.Rows.Select(row => row[experimentId])]);
    }

    /// <summary>P(outcome | untreated) fitted on the rows whose account is none of the experiment's <paramref name="testRows"/>.</summary>
    public GbmTrees Fit(int[] testRows, int seed)
    {
        var test = testRows.Select(r => _experimentIds[r]).ToHashSet(StringComparer.Ordinal);
        var rows = Enumerable.Range(0, _x.Length).Where(i => _ids[i] is null || !test.Contains(_ids[i])).ToArray();
        LeftOut = _x.Length - rows.Length;
        if (rows.Length == 0)
            throw new TabularException("--baseline-csv: every row belongs to a test account; no rows are left for the control model.", null, "--baseline-csv");
        return UpliftLearners.FitOutcomeModel([.. rows.Select(i => _x[i])], [.. rows.Select(i => _outcome[i])], seed);
    }
}
