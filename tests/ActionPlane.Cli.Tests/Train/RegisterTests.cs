using ActionPlane.Cli.Data;
using ActionPlane.Cli.Train;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Storage;
using Marten;

namespace ActionPlane.Cli.Tests.Train;

/// <summary>A private PostgreSQL cluster for the <c>--register</c> tests (real registry, no mocks).</summary>
public sealed class RegistryDatabase : IAsyncLifetime
{
    private readonly string _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ap-cli-tests-" + Guid.NewGuid().ToString("N"));
    private PostgresLauncher? _launcher;

    public string ConnectionString => _launcher!.ConnectionString;

    public async Task InitializeAsync() =>
        _launcher = await PostgresLauncher.StartAsync(new PostgresLauncherOptions { DataDirectory = _folder, Durable = false });

    public async Task<IReadOnlyList<ModelArtifact>> ArtifactsAsync()
    {
        using var store = DocumentStore.For(o => ActionPlaneStore.Configure(o, new ActionPlaneEngineOptions { ConnectionString = ConnectionString }));
        return await new ModelRegistry(store).ListAsync();
    }

    public async Task DisposeAsync()
    {
        if (_launcher is not null)
            await _launcher.DisposeAsync();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}

public sealed class RegisterTests(RegistryDatabase db) : IClassFixture<RegistryDatabase>
{
    [Fact]
    public async Task TrainChurnAndUplift_WithRegister_StoreAChallengerEach_WithMetricsAndAModel()
    {
        using var dir = new ScratchDir();
        GenerateCommand.Run(800, 3, dir.Path, null, new StringWriter(), new StringWriter());
        var target = new RegisterTarget(db.ConnectionString);
        var before = (await db.ArtifactsAsync()).Count;

        var churnExit = ChurnCommand.Run(new ChurnArgs(dir.File("churn.csv"), "churned", Id: "account_id", Folds: 3,
            Exclude: "true_churn_probability", Gbm: new() { Trees = 40 }, Register: target), new StringWriter(), new StringWriter());
        var upliftExit = UpliftCommand.Run(new UpliftArgs(dir.File("uplift_csm_outreach.csv"), "treatment", "1", "0", "retained",
            Id: "account_id", Exclude: "true_uplift", Register: target), new StringWriter(), new StringWriter());

        churnExit.Should().Be(0);
        upliftExit.Should().Be(0);
        var added = (await db.ArtifactsAsync()).Skip(before).ToList();
        added.Select(a => a.Kind).Should().BeEquivalentTo(["csv/churn", "csv/uplift"]);
        added.Should().OnlyContain(a => !a.IsChampion && a.Bytes.Length > 100 && a.Features.Count > 10 && a.TrainingExamples > 0);
        added.Single(a => a.Kind == "csv/churn").Metrics["roc_auc"].Should().BeGreaterThan(0.6);
        Engine.Uplift.UpliftModel.Load(added.Single(a => a.Kind == "csv/uplift").Bytes).ActionType.Should().Be("treatment");
    }

    [Fact]
    public async Task TrainUplift_WithFoldsAndRegister_StoresOneFitOnAllRows_WithTheCrossFittedMetrics()
    {
        using var dir = new ScratchDir();
        GenerateCommand.Run(800, 5, dir.Path, null, new StringWriter(), new StringWriter());
        var report = dir.File("r.json");
        var before = (await db.ArtifactsAsync()).Count;

        var exit = UpliftCommand.Run(new UpliftArgs(dir.File("uplift_csm_outreach.csv"), "treatment", "1", "0", "retained", Id: "account_id", Exclude: "true_uplift",
            Folds: 3, Members: 1, Report: report, Register: new RegisterTarget(db.ConnectionString)), new StringWriter(), new StringWriter());

        exit.Should().Be(0);
        var added = (await db.ArtifactsAsync()).Skip(before).Single();
        added.TrainingExamples.Should().Be(800, "after a cross-fitted evaluation the model to ship is fitted on every row");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(report))!;
        added.Metrics["qini_auc"].Should().BeApproximately(json["qini_auc"]!.GetValue<double>(), 1e-4);
        Engine.Uplift.UpliftModel.Load(added.Bytes).Members.Should().Be(1);
    }

    [Fact]
    public async Task TrainChurn_WithCostsAndRegister_StoresTheThresholdMetrics_TheCurve_AndTheCostsOnTheCard()
    {
        using var dir = new ScratchDir();
        GenerateCommand.Run(800, 6, dir.Path, null, new StringWriter(), new StringWriter());
        var report = dir.File("r.json");
        var before = (await db.ArtifactsAsync()).Count;

        var exit = ChurnCommand.Run(new ChurnArgs(dir.File("churn.csv"), "churned", Id: "account_id", Exclude: "true_churn_probability", Folds: 3,
            Report: report, Gbm: new() { Trees = 40 }, Register: new RegisterTarget(db.ConnectionString), CostFp: 1, CostFn: 4), new StringWriter(), new StringWriter());

        exit.Should().Be(0);
        var added = (await db.ArtifactsAsync()).Skip(before).Single();
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(report))!["threshold"]!;
        added.Metrics["threshold"].Should().BeApproximately(json["threshold"]!.GetValue<double>(), 1e-6);
        added.Metrics["threshold_precision"].Should().BeApproximately(json["precision"]!.GetValue<double>(), 1e-6);
        added.Metrics["threshold_recall"].Should().BeApproximately(json["recall"]!.GetValue<double>(), 1e-6);
        added.Threshold!.Curve.Should().Contain(added.Threshold.Chosen).And.HaveCountLessThanOrEqualTo(101);
        added.Threshold.CostFalseNegative.Should().Be(4);
        added.ModelCard.Should().Contain("Decision threshold").And.Contain("false positive 1, false negative 4");
    }

    [Fact]
    public async Task TrainChurn_WithRegister_WhenTheMinPrecisionIsOutOfReach_FailsAndRegistersNothing()
    {
        using var dir = new ScratchDir();
        var path = dir.Write("d.csv", "a,churned\n" + string.Join('\n', Enumerable.Range(0, 20).Select(i => $"{i % 2},{(i / 2) % 2}")));
        var before = await db.ArtifactsAsync();
        var error = new StringWriter();

        var exit = ChurnCommand.Run(new ChurnArgs(path, "churned", Gbm: new() { Trees = 5 }, Register: new RegisterTarget(db.ConnectionString), MinPrecision: 0.95),
            new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain("no threshold reaches that precision");
        (await db.ArtifactsAsync()).Select(a => a.Id).Should().Equal(before.Select(a => a.Id));
    }

    [Theory]
    [InlineData("a,b,churned\n1,2,0\n3,4\n", "churned", "line 3 has 2 fields")]
    [InlineData("a,b,churned\n1,2,0\n3,x,1\n4,5,0\n", "churned", "line 3, column 'b': 'x' is not a number")]
    [InlineData("", "churned", "the file is empty")]
    [InlineData("a,b,churned\n1,2,0\n3,4,0\n", "churned", "column 'churned' has a single class")]
    [InlineData("a,churned\n1,0\n2,1\n", "churn", "--label: unknown column 'churn'")]
    public async Task TrainChurn_WithRegister_OnBadInput_FailsAndRegistersNothing(string csv, string label, string message)
    {
        using var dir = new ScratchDir();
        var before = await db.ArtifactsAsync();
        var error = new StringWriter();

        var exit = ChurnCommand.Run(new ChurnArgs(dir.Write("bad.csv", csv), label, Register: new RegisterTarget(db.ConnectionString)), new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain(message);
        (await db.ArtifactsAsync()).Select(a => a.Id).Should().Equal(before.Select(a => a.Id));
    }

    [Fact]
    public async Task TrainUplift_WithRegister_WithoutATreatedArm_FailsAndRegistersNothing()
    {
        using var dir = new ScratchDir();
        var rows = Enumerable.Range(0, 40).Select(i => $"{i},{i % 3},0,{i % 2}");
        var path = dir.Write("one_arm.csv", "x,y,treatment,retained\n" + string.Join('\n', rows));
        var before = await db.ArtifactsAsync();
        var error = new StringWriter();

        var exit = UpliftCommand.Run(new UpliftArgs(path, "treatment", "1", "0", "retained", Register: new RegisterTarget(db.ConnectionString)), new StringWriter(), error);

        exit.Should().Be(1);
        error.ToString().Should().Contain("no rows with the treated value '1'");
        (await db.ArtifactsAsync()).Select(a => a.Id).Should().Equal(before.Select(a => a.Id));
    }

    [Fact]
    public void Register_WithoutADatabase_IsAClearError()
    {
        var previous = Environment.GetEnvironmentVariable(ModelRegistration.ConnectionVariable);
        Environment.SetEnvironmentVariable(ModelRegistration.ConnectionVariable, null);
        try
        {
            var act = () => ModelRegistration.Target(register: true, connection: null);

            act.Should().Throw<ArgumentException>().WithMessage("*--connection*ConnectionStrings__ActionPlane*");
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelRegistration.ConnectionVariable, previous);
        }
    }
}
