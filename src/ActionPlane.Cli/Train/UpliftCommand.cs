using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Tabular;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Cli.Train;

/// <summary>Arguments of <c>actionplane train uplift</c>.</summary>
internal sealed record UpliftArgs(string Csv, string Treatment, string Treated, string Control, string Outcome,
    string? Positive = null, string? Id = null, string? Exclude = null, double? TestFraction = null, int Seed = 42,
    string? OracleColumn = null, string? Propensity = null, string? Report = null, string? CompareColumn = null, RegisterTarget? Register = null,
    string? BaselineCsv = null, string? BaselineOutcome = null, string? BaselinePositive = null,
    int? Folds = null, IReadOnlyList<UpliftLearner>? Learners = null, int Members = UpliftTrainer.DefaultMembers, string? Predictions = null,
    bool Ceiling = false);

/// <summary>
/// <c>actionplane train uplift</c>: T-, X- and DR-learners chosen by validation Qini, evaluated on a
/// held-out split with scikit-uplift's normalised Qini and uplift AUC and uplift@30%. With <c>--folds K</c>
/// the evaluation is cross-fitted instead (<see cref="UpliftCrossFit"/>): every row is predicted by a model
/// trained on the other K − 1 folds and the metrics are taken once over all rows.
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
        var testFraction = new Option<double?>("--test-fraction") { Description = "Share of rows held out for evaluation (default 0.5; not with --folds)" };
        var folds = new Option<int?>("--folds") { Description = "Cross-fitted evaluation instead of one split: K models, each trained on (K − 1)/K of the rows, predict the rows they did not see; metrics over all rows (default: one split, --test-fraction)" };
        var learners = new Option<string?>("--learners") { Description = "Uplift learners to choose from by validation Qini, comma-separated (default: T,X,DR,DRLogOdds)" };
        var predictions = new Option<string?>("--predictions") { Description = "CSV of every evaluated row's predicted uplift (id or row number, fold or 'test', predicted_uplift), to inspect where the model departs from the truth" };
        var members = new Option<int>("--members") { Description = "Ensemble members of the chosen learner, each fitted on a random half of the training rows", DefaultValueFactory = _ => UpliftTrainer.DefaultMembers };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 42 };
        var oracle = new Option<string?>("--oracle-column") { Description = "Column of true uplift (not a feature); reports oracle_qini_auc and expected_qini_ratio (the ordering's noise-free Qini ratio to the oracle's)" };
        var propensity = new Option<string?>("--propensity") { Description = "Column of P(treated) for logged, non-randomised decisions" };
        var report = new Option<string?>("--report") { Description = "JSON report file" };
        var compare = new Option<string?>("--compare-column") { Description = "A score to compare against (e.g. churn risk; not a feature); reports compare_qini_auc of ordering by it" };
        var baselineCsv = new Option<string?>("--baseline-csv") { Description = "CSV of untreated outcomes of the same kind (e.g. the churn CSV of the same accounts, other experiments' files) with the same feature columns, for the log-odds DR learner's control model; rows of its --treatment column other than --control are dropped; needs --id, and rows of test accounts are left out" };
        var baselineOutcome = new Option<string?>("--baseline-outcome") { Description = "Outcome column of --baseline-csv (default: --outcome)" };
        var baselinePositive = new Option<string?>("--baseline-positive") { Description = "Value of --baseline-outcome that counts as success (e.g. 0 for a churned column)" };
        var ceiling = new Option<bool>("--ceiling") { Description = "With --oracle-column: also fit the true uplift from the features on the same training rows (same split or folds) and report how the held-out rows ordered by that fit score: ceiling_* (deep trees, free form) and ceiling_logodds_* (the log-odds learner's form)" };
        var command = new Command("uplift", "Train and evaluate uplift models (T/X/DR/DRLogOdds) on a CSV");
        foreach (var option in new Option[] { csv, treatment, treated, control, outcome, positive, id, exclude, testFraction, seed, oracle, propensity, report, compare, baselineCsv, baselineOutcome, baselinePositive, folds, learners, members, predictions, ceiling })
            command.Options.Add(option);
        var register = ModelRegistration.AddTo(command);
        command.SetAction(parse => CliConsole.Guard(Console.Error, () => Run(new UpliftArgs(parse.GetValue(csv)!, parse.GetValue(treatment)!, parse.GetValue(treated)!, parse.GetValue(control)!,
            parse.GetValue(outcome)!, parse.GetValue(positive), parse.GetValue(id), parse.GetValue(exclude), parse.GetValue(testFraction),
            parse.GetValue(seed), parse.GetValue(oracle), parse.GetValue(propensity), parse.GetValue(report), parse.GetValue(compare), register(parse),
            parse.GetValue(baselineCsv), parse.GetValue(baselineOutcome), parse.GetValue(baselinePositive),
            parse.GetValue(folds), TrainCommands.Learners(parse.GetValue(learners)), parse.GetValue(members), parse.GetValue(predictions), parse.GetValue(ceiling)), Console.Out, Console.Error)));
        return command;
    }

    internal static int Run(UpliftArgs args, TextWriter output, TextWriter error) => CliConsole.Guard(error, () =>
    {
        if (args.Folds is not null && args.TestFraction is not null)
            throw new ArgumentException("--test-fraction and --folds are alternatives: one held-out split, or every row held out once; give one of them.");
        if (args.Ceiling && args.OracleColumn is null)
            throw new ArgumentException("--ceiling needs --oracle-column: the ceiling is a fit to the true uplift.");
        if (args.Members < 1)
            throw new ArgumentException($"--members must be at least 1; got {args.Members}.");
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
        var x = encoder.EncodeAll(table);
        var evaluation = args.Folds is { } k
            ? CrossFitted(args, x, isTreated, outcome, propensity, baseline, k)
            : Split(args, x, isTreated, outcome, propensity, baseline);

        var report = new JsonObject
        {
            ["qini_auc"] = CliConsole.Round(evaluation.Scores.QiniAuc),
            ["uplift_auc"] = CliConsole.Round(evaluation.Scores.UpliftAuc),
            ["uplift_at_30"] = CliConsole.Round(evaluation.Scores.UpliftAt30),
            ["learner"] = evaluation.Learner.ToString(),
            // The learner(s) with the highest validation Qini, and how many fits the one-standard-error rule kept the preferred learner in instead.
            ["raw_winner"] = evaluation.RawWinners,
            ["kept_preferred"] = evaluation.KeptPreferred,
            ["n_train"] = evaluation.TrainCount,
            ["n_test"] = evaluation.Rows.Length,
        };
        if (args.Folds is not null)
        {
            report["folds"] = args.Folds;
            report["learners_per_fold"] = evaluation.LearnersPerFold;
        }
        // Oracle and comparison orderings are scored on exactly the rows and code path the learner was.
        var testOutcome = evaluation.Rows.Select(r => outcome[r]).ToArray();
        var testTreated = evaluation.Rows.Select(r => isTreated[r]).ToArray();
        var testTruth = oracle is null ? null : evaluation.Rows.Select(r => oracle[r]).ToArray();
        if (testTruth is not null)
        {
            var oracleQini = UpliftMetrics.QiniAuc(testOutcome, testTruth, testTreated);
            report["oracle_qini_auc"] = CliConsole.Round(oracleQini);
            report["expected_qini_ratio"] = CliConsole.Round(UpliftMetrics.ExpectedQiniRatio(testTruth, evaluation.Uplift));
            if (args.Ceiling)
                AddCeiling(report, Ceiling(evaluation, x, isTreated, outcome, oracle!, args), oracleQini, testOutcome, testTreated, testTruth);
        }
        if (compareScores is not null)
        {
            var compared = evaluation.Rows.Select(r => compareScores[r]).ToArray();
            report["compare_qini_auc"] = CliConsole.Round(UpliftMetrics.QiniAuc(testOutcome, compared, testTreated));
            if (testTruth is not null)
                report["compare_expected_qini_ratio"] = CliConsole.Round(UpliftMetrics.ExpectedQiniRatio(testTruth, compared));
        }
        report["n_dropped_other_treatment"] = all.Rows.Count - keep.Count;
        if (baseline is not null)
        {
            report["n_baseline"] = baseline.Count;
            report["n_baseline_test_accounts_left_out"] = evaluation.BaselineLeftOut;
        }
        report["n_treated"] = treatedCount;
        report["n_control"] = controlCount;
        foreach (var (learner, qini) in evaluation.ValidationQini)
            report[$"validation_qini_{learner}"] = CliConsole.Round(qini);
        report["seconds"] = Math.Round(evaluation.Seconds, 2);
        report["columns"] = ChurnCommand.Columns(encoder);
        if (args.Register is { } target)
        {
            var metrics = new Dictionary<string, double> { ["qini_auc"] = evaluation.Scores.QiniAuc, ["uplift_auc"] = evaluation.Scores.UpliftAuc, ["uplift_at_30"] = evaluation.Scores.UpliftAt30 };
            // Cross-fitted: the registered model is one fit on all rows; the metrics describe how such a fit generalises (as train churn does).
            var (learner, ensemble, trainCount) = args.Folds is null
                ? (evaluation.Learner, evaluation.Ensemble!, evaluation.TrainCount)
                : FitAll(args, x, isTreated, outcome, propensity, baseline);
            report["registered_version"] = ModelRegistration.Register(target, "csv/uplift", args.Csv, encoder.FeatureNames, trainCount, metrics,
                $"{learner}-learner uplift ensemble on {Path.GetFileName(args.Csv)} (treatment '{args.Treatment}', outcome '{args.Outcome}').",
                version => new UpliftModel(args.Treatment, version, learner, encoder.FeatureNames, ensemble, metrics).Save());
        }

        if (args.Predictions is not null)
            WritePredictions(args.Predictions, evaluation, args.Id is null ? null : keep.Select(r => all.Rows[r][all.IndexOf(args.Id, "--id")]).ToArray(), keep);
        CliConsole.WriteReport(args.Report, report);
        CliConsole.PrintMetrics(output, $"uplift on {Path.GetFileName(args.Csv)}", report);
        if (all.Rows.Count > keep.Count)
            output.WriteLine($"note: {all.Rows.Count - keep.Count} rows dropped: treatment neither '{args.Treated}' nor '{args.Control}'");
        foreach (var dropped in encoder.Dropped)
            output.WriteLine($"note: column '{dropped.Name}' left out: {dropped.Reason}");
        return 0;
    });

    /// <summary>What either protocol measured: the scores over <see cref="Rows"/>, whose predictions came from models that did not train on them.</summary>
    private sealed record Evaluation(UpliftScores Scores, int[] Rows, UpliftLearner Learner, int TrainCount, IReadOnlyDictionary<UpliftLearner, double> ValidationQini,
        double Seconds, IReadOnlyList<UpliftPredictor>? Ensemble, string? LearnersPerFold, int BaselineLeftOut, double[] Uplift, int[]? Fold,
        string RawWinners, int KeptPreferred);

    /// <summary>One stratified train/test split (<c>--test-fraction</c>); the ensemble trained on the train part is the model.</summary>
    private static Evaluation Split(UpliftArgs args, float[][] x, bool[] treated, bool[] outcome, double[]? propensity, BaselineRows? baseline)
    {
        var result = UpliftTrainer.Run(x, treated, outcome, propensity, args.TestFraction ?? 0.5, args.Seed, args.Learners, args.Members,
            baseline: baseline is null ? null : test => baseline.Fit(test, args.Seed));
        return new Evaluation(new UpliftScores(result.QiniAuc, result.UpliftAuc, result.UpliftAt30), [.. result.TestRows], result.Learner, result.TrainCount,
            result.ValidationQini, result.Seconds, result.Ensemble, null, baseline?.LeftOut ?? 0, [.. result.TestUplift], null,
            result.RawWinner.ToString(), result.RawWinner == result.Learner ? 0 : 1);
    }

    /// <summary><c>--folds K</c>: every row predicted by the fold model that held it out; each fold's control model leaves that fold's accounts out.</summary>
    private static Evaluation CrossFitted(UpliftArgs args, float[][] x, bool[] treated, bool[] outcome, double[]? propensity, BaselineRows? baseline, int folds)
    {
        var leftOut = 0;
        var result = UpliftCrossFit.Run(x, treated, outcome, propensity, folds, args.Seed, args.Learners, args.Members,
            baseline: baseline is null ? null : part =>
            {
                var trees = baseline.Fit(part.Held, part.Seed);
                leftOut += baseline.LeftOut;
                return trees;
            });
        return new Evaluation(result.Scores, [.. Enumerable.Range(0, x.Length)], result.Learner, result.MinTrainCount, result.MeanValidationQini, result.Seconds,
            null, string.Join('/', result.Fits.Select(f => f.Learner)), leftOut, result.Uplift, result.Fold,
            string.Join('/', result.Fits.Select(f => f.RawWinner)), result.Fits.Count(f => f.RawWinner != f.Learner));
    }

    /// <summary>
    /// <c>--ceiling</c>: the ceiling fits (<see cref="UpliftCeiling"/>) on exactly the training rows of the split or of each
    /// fold, seeded as the learner's fit was, predicting the rows that part held out; in the order of <see cref="Evaluation.Rows"/>.
    /// </summary>
    private static UpliftCeilingPredictions Ceiling(Evaluation evaluation, float[][] x, bool[] treated, bool[] outcome, double[] truth, UpliftArgs args)
    {
        var position = new int[x.Length];
        Array.Fill(position, -1);
        for (var j = 0; j < evaluation.Rows.Length; j++)
            position[evaluation.Rows[j]] = j;
        var parts = evaluation.Fold is null
            ? [(Train: Enumerable.Range(0, x.Length).Where(r => position[r] < 0).ToArray(), Held: evaluation.Rows, Seed: args.Seed)]
            : StratifiedFolds.Splits(evaluation.Fold, args.Folds!.Value).Select(p => (p.Train, p.Held, Seed: unchecked(args.Seed * 101 + p.Fold))).ToArray();
        var freeForm = new double[evaluation.Rows.Length];
        var logOdds = new double[evaluation.Rows.Length];
        var capacity = new List<string>();
        foreach (var (train, held, seed) in parts)
        {
            var predicted = UpliftCeiling.Predict(x, treated, outcome, truth, train, held, seed);
            capacity.Add(predicted.Capacity);
            for (var j = 0; j < held.Length; j++)
            {
                freeForm[position[held[j]]] = predicted.FreeForm[j];
                logOdds[position[held[j]]] = predicted.LogOddsShift[j];
            }
        }
        return new UpliftCeilingPredictions(freeForm, logOdds, string.Join("; ", capacity));
    }

    /// <summary>Each ceiling's normalised Qini, its ratio to the oracle's on the same rows, and its noise-free expected ratio.</summary>
    private static void AddCeiling(JsonObject report, UpliftCeilingPredictions ceiling, double oracle, bool[] outcome, bool[] treated, double[] truth)
    {
        foreach (var (name, uplift) in new[] { ("ceiling", ceiling.FreeForm), ("ceiling_logodds", ceiling.LogOddsShift) })
        {
            var qini = UpliftMetrics.QiniAuc(outcome, uplift, treated);
            report[$"{name}_qini_auc"] = CliConsole.Round(qini);
            report[$"{name}_qini_ratio"] = CliConsole.Round(qini / oracle);
            report[$"{name}_expected_qini_ratio"] = CliConsole.Round(UpliftMetrics.ExpectedQiniRatio(truth, uplift));
        }
        report["ceiling_capacity"] = ceiling.Capacity;
    }

    /// <summary><c>--predictions</c>: one line per evaluated row, written whole or not at all.</summary>
    private static void WritePredictions(string path, Evaluation evaluation, string?[]? ids, List<int> csvRows)
    {
        var csv = new StringBuilder(DecisionExport.CsvRow([ids is null ? "row" : "id", "fold", "predicted_uplift"]));
        for (var j = 0; j < evaluation.Rows.Length; j++)
        {
            var r = evaluation.Rows[j];
            var key = ids is null ? (csvRows[r] + 1).ToString(CultureInfo.InvariantCulture) : ids[r];
            var fold = evaluation.Fold is null ? "test" : evaluation.Fold[r].ToString(CultureInfo.InvariantCulture);
            csv.Append(DecisionExport.CsvRow([key, fold, evaluation.Uplift[j].ToString("R", CultureInfo.InvariantCulture)]));
        }
        CliConsole.WriteFile(path, csv.ToString());
    }

    /// <summary>The model to register after a cross-fitted evaluation: the product's learner fitted on all rows.</summary>
    private static (UpliftLearner Learner, IReadOnlyList<UpliftPredictor> Ensemble, int TrainCount) FitAll(UpliftArgs args, float[][] x, bool[] treated, bool[] outcome,
        double[]? propensity, BaselineRows? baseline)
    {
        var fit = UpliftTrainer.Train(x, treated, outcome, propensity, args.Seed, args.Learners, args.Members, baseline: baseline?.Fit([], args.Seed));
        return (fit.Learner, fit.Ensemble, x.Length);
    }
}
