using System.Text.Json.Nodes;
using ActionPlane.Cli.Data;
using ActionPlane.Cli.Evaluate;
using ActionPlane.Cli.Train;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Cli.Tests.Train;

public sealed class UpliftCommandTests
{
    [Fact]
    public void TrainUplift_OnGeneratedData_ReportsNormalisedQiniAndTheOracle_AndCountsDroppedRows()
    {
        using var dir = new ScratchDir();
        GenerateCommand.Run(2500, 4, dir.Path, null, new StringWriter(), new StringWriter());
        // A third arm ("2") must be dropped and counted, not treated as control.
        var source = File.ReadAllLines(dir.File("uplift_csm_outreach.csv"));
        var treatmentIndex = Array.IndexOf(source[0].Split(','), "treatment");
        var withThirdArm = source.Select((line, i) =>
        {
            if (i == 0 || i % 25 != 0)
                return line;
            var fields = line.Split(',');
            fields[treatmentIndex] = "2";
            return string.Join(',', fields);
        });
        var csv = dir.Write("three_arms.csv", string.Join('\n', withThirdArm));
        var report = dir.File("r.json");

        var exit = UpliftCommand.Run(new UpliftArgs(csv, "treatment", "1", "0", "retained", Id: "account_id",
            OracleColumn: "true_uplift", Report: report), new StringWriter(), new StringWriter());

        exit.Should().Be(0);
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        json["n_dropped_other_treatment"]!.GetValue<int>().Should().Be(100);
        (json["n_train"]!.GetValue<int>() + json["n_test"]!.GetValue<int>()).Should().Be(2400);
        json["learner"]!.GetValue<string>().Should().BeOneOf("T", "X", "DR", "DRLogOdds");
        // The report names the raw comparison's winner; the learner is it unless the one-SE rule kept DRLogOdds.
        var rawWinner = json["raw_winner"]!.GetValue<string>();
        json[$"validation_qini_{rawWinner}"]!.GetValue<double>().Should().Be(new[] { "T", "X", "DR", "DRLogOdds" }.Max(l => json[$"validation_qini_{l}"]!.GetValue<double>()));
        json["learner"]!.GetValue<string>().Should().Be(json["kept_preferred"]!.GetValue<int>() == 1 ? "DRLogOdds" : rawWinner);
        json["oracle_qini_auc"]!.GetValue<double>().Should().BeGreaterThan(0);
        json["qini_auc"]!.GetValue<double>().Should().BeGreaterThan(0);
        json["uplift_auc"].Should().NotBeNull();
        json["uplift_at_30"].Should().NotBeNull();
        json["columns"]!["true_uplift"].Should().BeNull("the oracle column is not a feature");
        json["columns"]!["treatment"].Should().BeNull();
    }

    [Fact]
    public void TrainUplift_WithTheChurnCsvAsBaseline_FitsTheControlModelOnIt_LeavingOutTestAccounts()
    {
        using var dir = new ScratchDir();
        GenerateCommand.Run(2000, 6, dir.Path, null, new StringWriter(), new StringWriter());
        var report = dir.File("r.json");

        var exit = UpliftCommand.Run(new UpliftArgs(dir.File("uplift_prefill_form.csv"), "treatment", "1", "0", "retained", Id: "account_id",
            OracleColumn: "true_uplift", Report: report, BaselineCsv: dir.File("churn.csv"), BaselineOutcome: "churned", BaselinePositive: "0"),
            new StringWriter(), new StringWriter());

        exit.Should().Be(0);
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        json["n_baseline"]!.GetValue<int>().Should().Be(2000);
        json["n_baseline_test_accounts_left_out"]!.GetValue<int>().Should().Be(json["n_test"]!.GetValue<int>(), "the churn CSV holds every account once");
        json["validation_qini_DRLogOdds"].Should().NotBeNull();
    }

    [Fact]
    public void TrainUplift_WithFoldsAndABaseline_LeavesEachFoldsAccountsOutOfThatFoldsControlModel()
    {
        using var dir = new ScratchDir();
        GenerateCommand.Run(1500, 6, dir.Path, null, new StringWriter(), new StringWriter());
        var report = dir.File("r.json");

        var exit = UpliftCommand.Run(new UpliftArgs(dir.File("uplift_prefill_form.csv"), "treatment", "1", "0", "retained", Id: "account_id",
            OracleColumn: "true_uplift", Report: report, BaselineCsv: dir.File("churn.csv"), BaselineOutcome: "churned", BaselinePositive: "0",
            Folds: 3, Learners: [UpliftLearner.DRLogOdds], Members: 1), new StringWriter(), new StringWriter());

        exit.Should().Be(0);
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        json["n_baseline_test_accounts_left_out"]!.GetValue<int>().Should().Be(1500, "over the folds every account is left out once, by the fold that predicts it");
    }

    [Fact]
    public void TrainUplift_Fails_WhenTheBaselineCsvLacksAFeatureColumn_NamingIt()
    {
        using var dir = new ScratchDir();
        var csv = dir.Write("u.csv", "id,x,z,treatment,retained\n" + string.Join('\n', Enumerable.Range(0, 40).Select(i => $"{i},{i},{i % 3},{i % 2},{i % 5 % 2}")));
        var baseline = dir.Write("b.csv", "id,x,retained\n1,1,0\n2,2,1\n");
        var error = new StringWriter();

        var exit = UpliftCommand.Run(new UpliftArgs(csv, "treatment", "1", "0", "retained", Id: "id", BaselineCsv: baseline), new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain("--baseline-csv: unknown column 'z'");
    }

    [Fact]
    public void TrainUplift_UsesLoggedPropensities_FromAConfoundedScenario()
    {
        using var dir = new ScratchDir();
        var scenario = dir.Write("scenario.json", """{"confounding": 0.8}""");
        GenerateCommand.Run(1500, 5, dir.Path, scenario, new StringWriter(), new StringWriter());
        var report = dir.File("r.json");

        var exit = UpliftCommand.Run(new UpliftArgs(dir.File("uplift_schedule_nudge.csv"), "treatment", "1", "0", "retained", Id: "account_id",
            OracleColumn: "true_uplift", Propensity: "propensity", Report: report), new StringWriter(), new StringWriter());

        exit.Should().Be(0);
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        json["columns"]!["propensity"].Should().BeNull("the propensity column weighs rows, it is not a feature");
        json["n_train"]!.GetValue<int>().Should().BeGreaterThan(600);
    }

    [Fact]
    public void TrainUplift_Fails_WhenAnArmIsMissing_NamingTheValue()
    {
        using var dir = new ScratchDir();
        var csv = dir.Write("u.csv", "x,treatment,retained\n1,1,0\n2,1,1\n3,1,0\n");
        var error = new StringWriter();

        var exit = UpliftCommand.Run(new UpliftArgs(csv, "treatment", "1", "0", "retained"), new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain("column 'treatment' has no rows with the control value '0'");
    }

    [Fact]
    public void TrainUplift_Fails_OnAnUnknownTreatmentColumn()
    {
        using var dir = new ScratchDir();
        var csv = dir.Write("u.csv", "x,treatment,retained\n1,1,0\n2,0,1\n");
        var error = new StringWriter();

        UpliftCommand.Run(new UpliftArgs(csv, "treat", "1", "0", "retained"), new StringWriter(), error).Should().Be(1);

        error.ToString().Should().Contain("--treatment: unknown column 'treat'");
    }

    [Fact]
    public void TrainUplift_WithFolds_ScoresEveryRow_WithTheOracleOnTheSameRows()
    {
        using var dir = new ScratchDir();
        GenerateCommand.Run(1500, 8, dir.Path, null, new StringWriter(), new StringWriter());
        var report = dir.File("r.json");

        var exit = UpliftCommand.Run(new UpliftArgs(dir.File("uplift_pin_shortcut.csv"), "treatment", "1", "0", "retained", Id: "account_id",
            OracleColumn: "true_uplift", Report: report, Folds: 3, Learners: [UpliftLearner.DRLogOdds, UpliftLearner.X], Members: 1, Predictions: dir.File("p.csv")),
            new StringWriter(), new StringWriter());

        exit.Should().Be(0);
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        json["n_test"]!.GetValue<int>().Should().Be(1500, "every row is predicted once, by the fold model that did not see it");
        json["n_train"]!.GetValue<int>().Should().BeInRange(999, 1001, "each fold model sees two thirds of the rows");
        json["folds"]!.GetValue<int>().Should().Be(3);
        json["learners_per_fold"]!.GetValue<string>().Split('/').Should().HaveCount(3).And.OnlyContain(l => l == "DRLogOdds" || l == "X");
        json["validation_qini_X"].Should().NotBeNull("each fold chooses its learner by validation Qini on its own training rows");
        json["oracle_qini_auc"]!.GetValue<double>().Should().BeGreaterThan(0);
        json["expected_qini_ratio"]!.GetValue<double>().Should().BeInRange(0, 1, "the learner orders the true uplift better than chance, never better than itself");
        var predictions = File.ReadAllLines(dir.File("p.csv"));
        predictions[0].Should().Be("id,fold,predicted_uplift");
        predictions.Skip(1).Select(l => l.Split(',')[0]).Should().OnlyHaveUniqueItems().And.HaveCount(1500);
        predictions.Skip(1).Select(l => l.Split(',')[1]).Distinct().Order().Should().Equal("0", "1", "2");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(null)]
    public void TrainUplift_WithCeiling_ReportsFitsToTheTrueUplift_OnTheRowsTheLearnerWasScoredOn(int? folds)
    {
        using var dir = new ScratchDir();
        GenerateCommand.Run(2000, 5, dir.Path, null, new StringWriter(), new StringWriter());
        var report = dir.File("r.json");

        var exit = UpliftCommand.Run(new UpliftArgs(dir.File("uplift_unlock_trial_within_caps.csv"), "treatment", "1", "0", "retained", Id: "account_id",
            OracleColumn: "true_uplift", Report: report, Folds: folds, Learners: [UpliftLearner.DRLogOdds], Members: 1, Ceiling: true),
            new StringWriter(), new StringWriter());

        exit.Should().Be(0);
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        double Value(string key) => json[key]!.GetValue<double>();
        // The realised ratio is the ceiling's Qini over the oracle's on the same rows (up to the report's rounding).
        (Value("ceiling_qini_ratio") * Value("oracle_qini_auc")).Should().BeApproximately(Value("ceiling_qini_auc"), 2e-5);
        (Value("ceiling_logodds_qini_ratio") * Value("oracle_qini_auc")).Should().BeApproximately(Value("ceiling_logodds_qini_auc"), 2e-5);
        // A fit to the truth orders the true uplift better than a fit to 0/1 outcomes, and never better than the truth itself.
        Value("ceiling_expected_qini_ratio").Should().BeInRange(Value("expected_qini_ratio"), 1);
        Value("ceiling_logodds_expected_qini_ratio").Should().BeInRange(Value("expected_qini_ratio"), 1);
    }

    [Fact]
    public void TrainUplift_RefusesCeiling_WithoutAnOracleColumn()
    {
        using var dir = new ScratchDir();
        var csv = dir.Write("u.csv", "x,treatment,retained\n" + string.Join('\n', Enumerable.Range(0, 60).Select(i => $"{i},{i % 2},{i % 3 % 2}")));
        var error = new StringWriter();

        UpliftCommand.Run(new UpliftArgs(csv, "treatment", "1", "0", "retained", Ceiling: true), new StringWriter(), error).Should().Be(1);

        error.ToString().Should().Contain("--ceiling needs --oracle-column");
    }

    [Fact]
    public void TrainUplift_WithFolds_GivesEvaluatesCrossFittedQini_ForTheSameSeedAndLearner()
    {
        // One code path: `evaluate` (own control model) and `train uplift --folds` must agree to the digit.
        using var dir = new ScratchDir();
        var report = dir.File("quality.json");
        EvaluateCommand.Run(new EvaluationSettings(Accounts: 1500, Seeds: 1, FirstSeed: 9, UpliftFolds: 3, Learners: [UpliftLearner.DRLogOdds], Members: 1,
            Actions: ["show_checklist"], DataDir: dir.File("data"), PooledBaseline: false), skipChurn: true, report, new StringWriter(), new StringWriter()).Should().Be(0);
        var trainReport = dir.File("r.json");

        var exit = UpliftCommand.Run(new UpliftArgs(dir.File("data/1500-seed-9/uplift_show_checklist.csv"), "treatment", "1", "0", "retained", Id: "account_id",
            OracleColumn: "true_uplift", Seed: 9, Report: trainReport, Folds: 3, Learners: [UpliftLearner.DRLogOdds], Members: 1), new StringWriter(), new StringWriter());

        exit.Should().Be(0);
        var evaluated = JsonNode.Parse(File.ReadAllText(report))!["uplift"]!["show_checklist"]!["per_seed"]![0]!;
        var trained = JsonNode.Parse(File.ReadAllText(trainReport))!;
        trained["qini_auc"]!.GetValue<double>().Should().Be(evaluated["qini_auc"]!.GetValue<double>());
        trained["oracle_qini_auc"]!.GetValue<double>().Should().Be(evaluated["oracle_qini_auc"]!.GetValue<double>());
    }

    [Theory]
    [InlineData(1, null, "--folds must be at least 2; got 1")]
    [InlineData(25, null, "--folds 25 is more than the rows of the treated arm (20)")]
    [InlineData(5, 0.3, "--test-fraction and --folds are alternatives")]
    public void TrainUplift_RejectsFoldsThatCannotWork_NamingTheOption(int folds, double? testFraction, string message)
    {
        using var dir = new ScratchDir();
        var csv = dir.Write("u.csv", "x,treatment,retained\n" + string.Join('\n', Enumerable.Range(0, 60).Select(i => $"{i},{(i < 20 ? 1 : 0)},{i % 3 % 2}")));
        var report = dir.File("r.json");
        var error = new StringWriter();

        var exit = UpliftCommand.Run(new UpliftArgs(csv, "treatment", "1", "0", "retained", TestFraction: testFraction, Folds: folds, Report: report), new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain(message);
        File.Exists(report).Should().BeFalse("a failed run writes no report");
    }
}
