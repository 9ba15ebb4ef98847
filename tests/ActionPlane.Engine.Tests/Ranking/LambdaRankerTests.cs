using System.Globalization;
using System.Text;
using ActionPlane.Engine.Ranking;

namespace ActionPlane.Engine.Tests.Ranking;

public sealed class LambdaRankerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ap-rank-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void LambdaRank_RanksRelevantDocumentsFirst_FarBetterThanFileOrder()
    {
        var train = Write("train", queries: 150, seed: 1);
        var test = Write("test", queries: 60, seed: 2);
        var data = LetorData.Read(train.Data, train.Groups);
        var testData = LetorData.Read(test.Data, test.Groups);

        var model = LambdaRanker.Train(data, data.MaxIndex + 1, new RankingOptions { Trees = 50 });
        var scores = model.PredictMany(testData.Dense(data.MaxIndex + 1));

        var fileOrder = Enumerable.Range(0, testData.Labels.Count).Select(i => -(double)i).ToArray();
        Ndcg.At(3, testData.Labels, scores, testData.Groups).Should().BeGreaterThan(Ndcg.At(3, testData.Labels, fileOrder, testData.Groups) + 0.2);
    }

    [Fact]
    public void Read_Rejects_GroupSizesThatDoNotAddUp_NamingTheFiles()
    {
        var train = Write("train", queries: 3, seed: 1);
        File.WriteAllText(train.Groups, "1\n1\n");

        var act = () => LetorData.Read(train.Data, train.Groups);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{train.Groups}*add up to 2*");
    }

    [Fact]
    public void Read_Rejects_ABadToken_NamingLineAndToken()
    {
        var data = Path.Combine(_dir, "bad.txt");
        File.WriteAllText(data, "1 1:0.5 2:0.1\n0 1:0.2 2=oops\n");
        var groups = Path.Combine(_dir, "bad.query");
        File.WriteAllText(groups, "2\n");

        var act = () => LetorData.Read(data, groups);

        act.Should().Throw<InvalidDataException>().WithMessage("*line 2, token 3*2=oops*");
    }

    private (string Data, string Groups) Write(string name, int queries, int seed)
    {
        var rng = new Random(seed);
        var data = new StringBuilder();
        var groups = new StringBuilder();
        for (var q = 0; q < queries; q++)
        {
            var size = rng.Next(5, 15);
            groups.Append(size).Append('\n');
            for (var d = 0; d < size; d++)
            {
                var x = Enumerable.Range(0, 6).Select(_ => rng.NextDouble()).ToArray();
                var relevance = 2 * x[0] + x[1] + 0.3 * (rng.NextDouble() - 0.5);
                var label = relevance switch { < 1.2 => 0, < 1.8 => 1, < 2.3 => 2, _ => 3 };
                data.Append(label).Append(" qid:").Append(q);
                for (var f = 0; f < x.Length; f++)
                    data.Append(' ').Append(f + 1).Append(':').Append(x[f].ToString("0.####", CultureInfo.InvariantCulture));
                data.Append('\n');
            }
        }
        var dataPath = Path.Combine(_dir, $"{name}.txt");
        var groupsPath = Path.Combine(_dir, $"{name}.query");
        File.WriteAllText(dataPath, data.ToString());
        File.WriteAllText(groupsPath, groups.ToString());
        return (dataPath, groupsPath);
    }
}
