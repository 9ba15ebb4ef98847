using System.Net;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.VisualBasic.FileIO;

namespace ActionPlane.Web.Tests.Governance;

/// <summary>
/// The streamed export against the real app and database: a few hundred records of one (fresh)
/// account, two action types, with text that needs CSV quoting.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DecisionExportTests(ActionPlaneAppFixture app)
{
    private const int Nudges = 240;
    private const int Discounts = 60;

    [Fact]
    public async Task Export_Ndjson_WritesOneOpaDecisionLogEntryPerMatchingRecord_NewestFirst()
    {
        var (account, records) = await SeedAsync();
        using var reviewer = await app.ReviewerAsync();

        var response = await reviewer.GetAsync($"/api/decisions/export?format=ndjson&accountId={account}&actionType=schedule_nudge");

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/x-ndjson");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entries = lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var expected = records.Where(r => r.ActionType == "schedule_nudge").OrderByDescending(r => r.ProposedAt).ToList();
        entries.Select(e => (string)e["decision_id"]!).Should().Equal(expected.Select(r => r.DecisionId));
        entries.Should().AllSatisfy(e =>
        {
            e["path"]!.GetValue<string>().Should().Be(DecisionRecord.GatePath);
            e["bundles"]!["actionplane"]!["revision"]!.GetValue<string>().Should().Be("rev-export");
            e["input"]!["action"]!["type"]!.GetValue<string>().Should().Be("schedule_nudge");
            e["result"]!["allow"].Should().NotBeNull();
        });
    }

    [Fact]
    public async Task Export_Csv_WritesAHeaderAndOneRfc4180RowPerMatchingRecord()
    {
        var (account, records) = await SeedAsync();
        using var admin = app.AdminClient();

        var response = await admin.GetAsync($"/api/decisions/export?format=csv&accountId={account}");

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        text.Should().Contain("\r\n").And.NotStartWith("\uFEFF");
        // The framework's own RFC 4180 reader, not ours: quoted commas, quotes and line breaks.
        using var csv = new TextFieldParser(new StringReader(text)) { HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        csv.SetDelimiters(",");
        var header = csv.ReadFields()!;
        var rows = new List<Dictionary<string, string>>();
        while (!csv.EndOfData)
        {
            var fields = csv.ReadFields()!;
            fields.Should().HaveCount(header.Length);
            rows.Add(header.Zip(fields).ToDictionary(p => p.First, p => p.Second));
        }
        rows.Should().HaveCount(Nudges + Discounts);
        rows.Select(r => r["decision_id"]).Should().BeEquivalentTo(records.Select(r => r.DecisionId));
        rows.Should().OnlyContain(r => r["account_id"] == account);
        // The record with commas, quotes and a line break in its fields round-trips unchanged.
        var tricky = records.Single(r => r.ProposedBy.Contains('"'));
        var row = rows.Single(r => r["decision_id"] == tricky.DecisionId);
        row["proposed_by"].Should().Be(tricky.ProposedBy);
        row["deny_rules"].Should().Be(string.Join(';', tricky.DenyRules));
        row["allowed"].Should().Be("false");
    }

    [Fact]
    public async Task Export_Returns400NamingTheField_ForAnUnknownFormat()
    {
        using var reviewer = await app.ReviewerAsync();

        var response = await reviewer.GetAsync("/api/decisions/export?format=xml");

        await response.ShouldName400Async("format");
    }

    [Fact]
    public async Task Export_Returns400NamingTheField_WhenToIsNotAfterFrom()
    {
        using var reviewer = await app.ReviewerAsync();

        var response = await reviewer.GetAsync("/api/decisions/export?from=2026-11-02&to=2026-11-01");

        await response.ShouldName400Async("to");
    }

    // A fresh account per test, so the filter has to do the work: other accounts' records exist.
    private async Task<(string Account, List<DecisionRecord> Records)> SeedAsync()
    {
        var account = "export-" + Guid.NewGuid().ToString("N")[..8];
        var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        var records = new List<DecisionRecord>();
        for (var i = 0; i < Nudges + Discounts; i++)
        {
            var type = i < Nudges ? "schedule_nudge" : "offer_discount";
            var denied = i == 7;
            records.Add(new DecisionRecord
            {
                Id = Guid.NewGuid(),
                DecisionId = $"{account}-{i:D4}",
                Operation = "propose",
                Input = new JsonObject { ["action"] = new JsonObject { ["type"] = type }, ["account"] = new JsonObject { ["id"] = account } },
                Result = new JsonObject { ["allow"] = !denied },
                PolicyRevision = "rev-export",
                Timestamp = start.AddMinutes(i),
                EvalNanoseconds = 1000 + i,
                AccountId = account,
                ActionType = type,
                Category = "adoption",
                Channel = "in_app",
                Status = denied ? ActionStatus.Denied : ActionStatus.Allowed,
                Allowed = !denied,
                DenyRules = denied ? ["frequency.per_user_cap", "windows.freeze, renewal"] : [],
                ModelVersion = "churn-20261001-1",
                ProposedBy = denied ? "Dana \"the CSM\", line\nbreak" : "csm@demo.local",
                ProposedAt = start.AddMinutes(i),
                UpdatedAt = start.AddMinutes(i),
            });
        }
        await using var session = app.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Store(records.ToArray());
        await session.SaveChangesAsync();
        return (account, records);
    }
}
