using System.Text.Json.Nodes;
using ActionPlane.Cli.Bench;

namespace ActionPlane.Cli.Tests.Bench;

/// <summary><c>bench decision-run --weeks N</c>: one line per weekly run, with its cost by phase, on a real (private) PostgreSQL.</summary>
public sealed class DecisionRunBenchTests : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose()
    {
        _out.Dispose();
        _err.Dispose();
    }

    [Fact]
    public async Task DecisionRunBench_WithThreeWeeks_ReportsEachWeeksRun_WithItsExpiryAndCosts()
    {
        // 60: the smallest demo tenant the seeder is sure to give a high-risk account (its demo end user joins one).
        var exit = await DecisionRunBenchCommand.RunAsync(accounts: 60, weeks: 3, connection: null, "json", _out, _err, CancellationToken.None);

        exit.Should().Be(0, _err.ToString());
        var json = JsonNode.Parse(_out.ToString())!.AsObject();
        json["accounts"]!.GetValue<int>().Should().Be(60);
        json["second_run_skipped"]!.GetValue<int>().Should().Be(60);
        var weeks = json["weeks"]!.AsArray().Select(w => w!.AsObject()).ToArray();
        weeks.Select(w => w["week"]!.GetValue<int>()).Should().Equal(1, 2, 3);
        weeks.Should().OnlyContain(w => w["decided"]!.GetValue<int>() == 60, "every account is decided afresh each week");
        weeks[0]["proposals_expired"]!.GetValue<int>().Should().Be(0);
        weeks[0]["expire_blocks_read"]!.GetValue<long>().Should().BeLessThan(weeks[1]["expire_blocks_read"]!.GetValue<long>(), "nothing lapsed in the first week");
        foreach (var later in weeks[1..])
        {
            later["proposals_expired"]!.GetValue<int>().Should().BePositive("last week's open proposals lapse");
            later["sql_commands_expire"]!.GetValue<long>().Should().BeLessThan(30, "60 accounts' proposals lapse in one batch, not account by account (≥ 6 commands each)");
        }
        foreach (var week in weeks)
        {
            week["sql_commands_per_propose"]!.GetValue<double>().Should().BeGreaterThanOrEqualTo(3);
            // Every account is decided and each of its propose's commands runs at least one statement: fewer would mean
            // the probe missed statements of the run.
            week["statements_per_account"]!.GetValue<double>().Should().BeGreaterThanOrEqualTo(week["sql_commands_per_propose"]!.GetValue<double>());
            week["result_rows_per_account"]!.GetValue<double>().Should().BePositive();
            week["blocks_read_per_account"]!.GetValue<double>().Should().BePositive();
            week["decision_records_after"]!.GetValue<long>().Should().BePositive();
        }
        weeks[2]["decision_records_after"]!.GetValue<long>().Should().BeGreaterThan(weeks[1]["decision_records_after"]!.GetValue<long>());
        json["next_week_proposals_expired"]!.GetValue<int>().Should().Be(weeks[1]["proposals_expired"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(53)]
    public async Task DecisionRunBench_RejectsWeeksOutOfRange_NamingTheOption(int weeks)
    {
        var exit = await DecisionRunBenchCommand.RunAsync(accounts: 10, weeks, connection: null, "json", _out, _err, CancellationToken.None);

        exit.Should().Be(2);
        _err.ToString().Should().StartWith("--weeks:");
    }
}
