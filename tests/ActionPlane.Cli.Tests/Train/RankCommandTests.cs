using System.Text.Json.Nodes;
using ActionPlane.Cli.Train;

namespace ActionPlane.Cli.Tests.Train;

public sealed class RankCommandTests
{
    [Fact]
    public void TrainRank_ReportsNdcgAtEachCutoff()
    {
        using var dir = new ScratchDir();
        var (train, trainGroups) = Letor(dir, "train", 80, 1);
        var (test, testGroups) = Letor(dir, "test", 30, 2);
        var report = dir.File("r.json");

        var exit = RankCommand.Run(new RankArgs(train, trainGroups, test, testGroups, report, new() { Trees = 30 }), new StringWriter(), new StringWriter());

        exit.Should().Be(0);
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        foreach (var k in new[] { 1, 3, 5, 10 })
            json[$"ndcg@{k}"]!.GetValue<double>().Should().BeInRange(0.5, 1.0);
        json["n_test_queries"]!.GetValue<int>().Should().Be(30);
    }

    [Fact]
    public void TrainRank_Fails_WhenGroupsDoNotMatchTheRows()
    {
        using var dir = new ScratchDir();
        var (train, trainGroups) = Letor(dir, "train", 5, 1);
        var wrong = dir.Write("wrong.query", "3\n");
        var error = new StringWriter();

        RankCommand.Run(new RankArgs(train, trainGroups, train, wrong), new StringWriter(), error).Should().Be(1);

        error.ToString().Should().Contain("wrong.query").And.Contain("add up to 3");
    }

    private static (string Data, string Groups) Letor(ScratchDir dir, string name, int queries, int seed)
    {
        var rng = new Random(seed);
        var data = new List<string>();
        var groups = new List<string>();
        for (var q = 0; q < queries; q++)
        {
            var size = rng.Next(4, 12);
            groups.Add(size.ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (var d = 0; d < size; d++)
            {
                double a = rng.NextDouble(), b = rng.NextDouble();
                var label = (2 * a + b) switch { < 1.2 => 0, < 1.9 => 1, _ => 2 };
                data.Add(FormattableString.Invariant($"{label} 1:{a:0.###} 2:{b:0.###} 3:{rng.NextDouble():0.###} # doc {d}"));
            }
        }
        return (dir.Write($"{name}.txt", string.Join('\n', data)), dir.Write($"{name}.query", string.Join('\n', groups)));
    }
}
