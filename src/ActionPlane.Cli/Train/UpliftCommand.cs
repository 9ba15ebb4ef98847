using System.CommandLine;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Tabular;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Cli.Train;

/// <summary>Arguments of <c>actionplane train uplift</c>.</summary>
internal sealed record UpliftArgs(string Csv, string Treatment, string Treated, string Control, string Outcome,
    string? Positive = null, string? Id = null, string? Exclude = null, double TestFraction = 0.5, int Seed = 42,
    string? OracleColumn = null, string? Propensity = null, string? Report = null, string? CompareColumn = null, RegisterTarget? Register = null,
    string? BaselineCsv = null, string? BaselineOutcome = null, string? BaselinePositive = null);

/// <summary>
/// <c>actionplane train uplift</c>: T-, X- and DR-learners chosen by validation Qini, evaluated on a
/// held-out split with scikit-uplift's normalised Qini and uplift AUC and uplift@30%.
/// </summary>
internal static class UpliftCommand
{
    public static Command Create()
    {
        var csv = new Option<string>("--csv") { Description = "CSV file with a header row", Required = true };
        var treatment = new Option<string>("--treatment") { Description = "Treatment column", Required = true };
        var treated = new Option<string>("--treated") { Description = "Treatment value of the treated arm", Required = true };
        var control = new Option<string>("--control") { Description = "Treatment value of the control arm", Required = true };
        var outcome = new Option<string>("--outcome") { Description = "Binary outcome column", Required = true };
        var positive = new Option<string?>("--positive") { Description = "Outcome value that counts as success (default: 1/yes/true)" };
        var id = new Option<string?>("--id") { Description = "Identifier column (not a feature)" };
        var exclude = new Option<string?>("--exclude") { Description = "Columns to leave out, comma-separated" };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of rows held out for evaluation", DefaultValueFactory = _ => 0.5 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 42 };
        var oracle = new Option<string?>("--oracle-column") { Description = "Column of true uplift (not a feature); reports oracle_qini_auc" };
        var propensity = new Option<string?>("--propensity") { Description = "Column of P(treated) for logged, non-randomised decisions" };
        var report = new Option<string?>("--report") { Description = "JSON report file" };
        var compare = new Option<string?>("--compare-column") { Description = "A score to compare against (e.g. churn risk; not a feature); reports compare_qini_auc of ordering by it" };
        var baselineCsv = new Option<string?>("--baseline-csv") { Description = "CSV of untreated outcomes of the same kind (e.g. the churn CSV of the same accounts, other experiments' files) with the same feature columns, for the log-odds DR learner's control model; rows of its --treatment column other than --control are dropped; needs --id, and rows of test accounts are left out" };
        var baselineOutcome = new Option<string?>("--baseline-outcome") { Description = "Outcome column of --baseline-csv (default: --outcome)" };
        var baselinePositive = new Option<string?>("--baseline-positive") { Description = "Value of --baseline-outcome that counts as success (e.g. 0 for a churned column)" };
        var command = new Command("uplift", "Train and evaluate uplift models (T/X/DR/DRLogOdds) on a CSV");
        foreach (var option in new Option[] { csv, treatment, treated, control, outcome, positive, id, exclude, testFraction, seed, oracle, propensity, report, compare, baselineCsv, baselineOutcome, baselinePositive })
            command.Options.Add(option);
        var register = ModelRegistration.AddTo(command);
        command.SetAction(parse => CliConsole.Guard(Console.Error, () => Run(new UpliftArgs(parse.GetValue(csv)!, parse.GetValue(treatment)!, parse.GetValue(treated)!, parse.GetValue(control)!,
            parse.GetValue(outcome)!, parse.GetValue(positive), parse.GetValue(id), parse.GetValue(exclude), parse.GetValue(testFraction),
            parse.GetValue(seed), parse.GetValue(oracle), parse.GetValue(propensity), parse.GetValue(report), parse.GetValue(compare), register(parse),
            parse.GetValue(baselineCsv), parse.GetValue(baselineOutcome), parse.GetValue(baselinePositive)), Console.Out, Console.Error)));
        return command;
    }

    internal static int Run(UpliftArgs args, TextWriter output, TextWriter error) => CliConsole.Guard(error, () =>
    {
        var all = CsvTable.Read(args.Csv);
        var excluded = ChurnCommand.ExcludedColumns(all, args.Outcome, args.Id, args.Exclude, args.OracleColumn,
            (args.Treatment, "--treatment"), (args.Propensity, "--propensity"), (args.CompareColumn, "--compare-column"));
        // Keep only the two arms; anything else (other variants, blanks) is dropped and counted.
        var t = all.IndexOf(args.Treatment, "--treatment");
        var keep = new List<int>();
        int treatedCount = 0, controlCount = 0;
        for (var r = 0; r < all.Rows.Count; r++)
        {
            var value = all.Rows[r][t];
            if (string.Equals(value, args.Treated.Trim(), StringComparison.OrdinalIgnoreCase)) { keep.Add(r); treatedCount++; }
            else if (string.Equals(value, args.Control.Trim(), StringComparison.OrdinalIgnoreCase)) { keep.Add(r); controlCount++; }
        }
        if (treatedCount == 0 || controlCount == 0)
            throw new TabularException(
                $"--treatment: column '{args.Treatment}' has no rows with the {(treatedCount == 0 ? $"treated value '{args.Treated}'" : $"control value '{args.Control}'")}; both arms are needed ({treatedCount} treated, {controlCount} control).",
                null, args.Treatment);
        var table = all.Subset(keep);
        var isTreated = table.Rows.Select(row => string.Equals(row[t], args.Treated.Trim(), StringComparison.OrdinalIgnoreCase)).ToArray();
        var outcome = BinaryColumn.Read(table, args.Outcome, args.Positive, "--outcome");
        var oracle = args.OracleColumn is null ? null : BinaryColumn.ReadNumbers(table, args.OracleColumn, "--oracle-column");
        var compareScores = args.CompareColumn is null ? null : BinaryColumn.ReadNumbers(table, args.CompareColumn, "--compare-column");
        var propensity = args.Propensity is null ? null : BinaryColumn.ReadNumbers(table, args.Propensity, "--propensity");
        var encoder = FeatureEncoder.Fit(table, excluded);
        var baseline = args.BaselineCsv is null ? null : BaselineRows.Read(args, table, encoder);
        var result = UpliftTrainer.Run(encoder.EncodeAll(table), isTreated, outcome, propensity, args.TestFraction, args.Seed,
            baseline: baseline is null ? null : test => baseline.Fit(test, args.Seed));

        var report = new JsonObject
        {
            ["qini_auc"] = CliConsole.Round(result.QiniAuc),
            ["uplift_auc"] = CliConsole.Round(result.UpliftAuc),
            ["uplift_at_30"] = CliConsole.Round(result.UpliftAt30),
            ["learner"] = result.Learner.ToString(),
            ["n_train"] = result.TrainCount,
            ["n_test"] = result.TestCount,
        };
        var testOutcome = result.TestRows.Select(r => outcome[r]).ToArray();
        var testTreated = result.TestRows.Select(r => isTreated[r]).ToArray();
        if (oracle is not null)
            report["oracle_qini_auc"] = CliConsole.Round(UpliftMetrics.QiniAuc(testOutcome, result.TestRows.Select(r => oracle[r]).ToArray(), testTreated));
        if (compareScores is not null)
            report["compare_qini_auc"] = CliConsole.Round(UpliftMetrics.QiniAuc(testOutcome, result.TestRows.Select(r => compareScores[r]).ToArray(), testTreated));
        report["n_dropped_other_treatment"] = all.Rows.Count - keep.Count;
        if (baseline is not null)
        {
            report["n_baseline"] = baseline.Count;
            report["n_baseline_test_accounts_left_out"] = baseline.LeftOut;
        }
        report["n_treated"] = treatedCount;
        report["n_control"] = controlCount;
        foreach (var (learner, qini) in result.ValidationQini)
            report[$"validation_qini_{learner}"] = CliConsole.Round(qini);
        report["seconds"] = Math.Round(result.Seconds, 2);
        report["columns"] = ChurnCommand.Columns(encoder);
        if (args.Register is { } target)
        {
            var metrics = new Dictionary<string, double> { ["qini_auc"] = result.QiniAuc, ["uplift_auc"] = result.UpliftAuc, ["uplift_at_30"] = result.UpliftAt30 };
            report["registered_version"] = ModelRegistration.Register(target, "csv/uplift", args.Csv, encoder.FeatureNames, result.TrainCount, metrics,
                $"{result.Learner}-learner uplift ensemble on {Path.GetFileName(args.Csv)} (treatment '{args.Treatment}', outcome '{args.Outcome}').",
                version => new UpliftModel(args.Treatment, version, result.Learner, encoder.FeatureNames, result.Ensemble, metrics).Save());
        }

        CliConsole.WriteReport(args.Report, report);
        CliConsole.PrintMetrics(output, $"uplift on {Path.GetFileName(args.Csv)}", report);
        if (all.Rows.Count > keep.Count)
            output.WriteLine($"note: {all.Rows.Count - keep.Count} rows dropped: treatment neither '{args.Treated}' nor '{args.Control}'");
        foreach (var dropped in encoder.Dropped)
            output.WriteLine($"note: column '{dropped.Name}' left out: {dropped.Reason}");
        return 0;
    });
}
