using ActionPlane.Cli.Data;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Tabular;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Cli.Evaluate;

/// <summary>Settings of one evaluation run; see <see cref="EvaluateCommand"/> for what each means.</summary>
internal sealed record EvaluationSettings(int Accounts = 20_000, int Seeds = 3, int FirstSeed = 1, int ChurnFolds = 5, int UpliftFolds = 5,
    IReadOnlyList<UpliftLearner>? Learners = null, int Members = UpliftTrainer.DefaultMembers, IReadOnlyList<string>? Actions = null, string? Scenario = null,
    UpliftLearnerOptions? LearnerOptions = null, string? DataDir = null, bool PooledBaseline = true);

/// <summary>Churn quality of one generated tenant: 5-fold CV ROC-AUC and ECE against the oracle's.</summary>
internal sealed record ChurnQuality(int Seed, double RocAuc, double OracleRocAuc, double Ece, double OracleEce)
{
    public double Gap => OracleRocAuc - RocAuc;
}

/// <summary>
/// Uplift quality of one action on one generated tenant, over cross-fitted predictions of every row:
/// the learner's normalised Qini, the oracle's (true uplift as the score) and that of ordering by churn risk.
/// </summary>
/// <param name="CeilingQini">
/// Qini of a model fitted to the true uplift itself from the same features (cross-fitted): roughly
/// the best any learner could do from what the features observe, since the oracle also knows the
/// latent drivers and each account's own responsiveness.
/// </param>
/// <param name="ExpectedRatio">The learner's ordering scored on the true uplift instead of realised outcomes (<see cref="UpliftMetrics.ExpectedQiniRatio"/>).</param>
/// <param name="RiskExpectedRatio">The same for ordering by churn risk.</param>
internal sealed record UpliftQuality(int Seed, string Action, double Qini, double OracleQini, double RiskQini, string Learners, double CeilingQini,
    double ExpectedRatio, double RiskExpectedRatio)
{
    public double Ratio => Qini / OracleQini;
    public double CeilingRatio => CeilingQini / OracleQini;
    public bool BeatsRisk => Qini > RiskQini;
}

/// <summary>
/// Model quality on generator data, as <c>data generate</c> + <c>train churn</c> / <c>train uplift</c>
/// see it: per seed, the tenant is generated and written as the same CSVs, read back and encoded the
/// same way. Churn: stratified k-fold CV (as <c>train churn</c>). Uplift: every row is predicted by
/// the product's learner (<see cref="UpliftTrainer.Train"/>) fitted on the other folds, so the Qini
/// is measured on all rows rather than one test split (whose ratio moves by about ±0.1 at 10k rows).
/// </summary>
internal static class GeneratorEvaluation
{
    public static ChurnQuality EvaluateChurn(string dir, int seed, int folds)
    {
        var table = CsvTable.Read(Path.Combine(dir, "churn.csv"));
        var labels = BinaryColumn.Read(table, "churned", null, "--label");
        var oracle = BinaryColumn.ReadNumbers(table, "true_churn_probability", "--oracle-column");
        var encoder = FeatureEncoder.Fit(table, new HashSet<string>(StringComparer.Ordinal) { "account_id", "churned", "true_churn_probability" });
        var result = ChurnCrossValidation.Run(encoder.EncodeAll(table), labels, folds, new GbmOptions { Seed = seed });
        return new ChurnQuality(seed, result.RocAuc, BinaryMetrics.RocAuc(oracle, labels), result.Ece, CalibrationError.Ece(oracle, labels));
    }

    /// <param name="pool">When given, the log-odds DR learner's control model is fitted on the tenant's pooled untreated outcomes of the training fold's accounts.</param>
    public static UpliftQuality EvaluateUplift(string dir, int seed, string action, double[] churnRisk, EvaluationSettings settings, BaselinePool? pool = null)
    {
        var table = CsvTable.Read(Path.Combine(dir, $"uplift_{action}.csv"));
        if (table.Rows.Count != churnRisk.Length)
            throw new InvalidDataException($"uplift_{action}.csv has {table.Rows.Count} rows, churn.csv {churnRisk.Length}.");
        var t = table.IndexOf("treatment", "--treatment");
        var treated = table.Rows.Select(row => row[t] == "1").ToArray();
        var outcome = BinaryColumn.Read(table, "retained", null, "--outcome");
        var truth = BinaryColumn.ReadNumbers(table, "true_uplift", "--oracle-column");
        var excluded = new HashSet<string>(StringComparer.Ordinal) { "account_id", "treatment", "propensity", "retained", "true_uplift" };
        var x = FeatureEncoder.Fit(table, excluded).EncodeAll(table);
        var propensity = table.Has("propensity") ? BinaryColumn.ReadNumbers(table, "propensity", "--propensity") : null;

        // The learner's predictions: the same cross-fit as `train uplift --folds` (fold k's fit seeded seed · 101 + k).
        var crossFit = UpliftCrossFit.Run(x, treated, outcome, propensity, settings.UpliftFolds, seed, settings.Learners, settings.Members, settings.LearnerOptions,
            pool is null ? null : part => pool.Fit(x, part.Train, action, part.Seed, settings.LearnerOptions));
        // The ceiling: a regression on the true uplift, cross-fitted over the same folds (train uplift --ceiling's free form).
        var ceiling = new double[x.Length];
        foreach (var (_, train, test) in StratifiedFolds.Splits(crossFit.Fold, settings.UpliftFolds))
        {
            var best = UpliftCeiling.FreeForm(Pick(x, train), Pick(truth, train), Pick(x, test), seed).Uplift;
            for (var j = 0; j < test.Length; j++)
                ceiling[test[j]] = best[j];
        }
        return new UpliftQuality(seed, action,
            crossFit.Scores.QiniAuc, UpliftMetrics.QiniAuc(outcome, truth, treated),
            UpliftMetrics.QiniAuc(outcome, churnRisk, treated), string.Join('/', crossFit.Fits.Select(f => f.Choice)), UpliftMetrics.QiniAuc(outcome, ceiling, treated),
            UpliftMetrics.ExpectedQiniRatio(truth, crossFit.Uplift), UpliftMetrics.ExpectedQiniRatio(truth, churnRisk));
    }

    /// <summary>Every catalog action type, or the requested ones (unknown names are an error naming them).</summary>
    public static IReadOnlyList<string> Actions(IReadOnlyList<string>? requested)
    {
        var all = ActionCatalog.Default.All.Select(a => a.Type.Value).ToList();
        if (requested is null || requested.Count == 0)
            return all;
        var unknown = requested.Where(a => !all.Contains(a)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"--actions: unknown action type(s) {string.Join(", ", unknown)}; known: {string.Join(", ", all)}.");
        return requested;
    }

    public static void Generate(string dir, int seed, EvaluationSettings settings)
    {
        if (File.Exists(Path.Combine(dir, "actions.json")))
            return;
        var error = new StringWriter();
        if (GenerateCommand.Run(settings.Accounts, seed, dir, settings.Scenario, TextWriter.Null, error) != 0)
            throw new ArgumentException(error.ToString().Trim());
    }

    private static T[] Pick<T>(T[] values, int[] rows) => rows.Select(r => values[r]).ToArray();
}
