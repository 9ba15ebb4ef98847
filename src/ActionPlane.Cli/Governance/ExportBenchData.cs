using System.Globalization;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Lifecycle;
using Marten;
using Weasel.Core;

namespace ActionPlane.Cli.Governance;

/// <summary>
/// Decision records shaped like the real ones (policy input with account, user, history and actor;
/// gate result; a trail of four events), spread over accounts, action types and a year of proposals.
/// </summary>
internal static class ExportBenchData
{
    private static readonly string[] ActionTypes = ["show_checklist", "pin_shortcut", "schedule_nudge", "prefill_form", "unlock_trial_within_caps", "csm_outreach", "offer_discount"];
    private static readonly DateTimeOffset Start = new(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static string AccountId(int i) => string.Create(CultureInfo.InvariantCulture, $"acc-{i:D5}");

    public static async Task SeedAsync(IDocumentStore store, int records, int accounts, CancellationToken cancellationToken)
    {
        const int Batch = 5_000;
        for (var from = 0; from < records; from += Batch)
        {
            var batch = Enumerable.Range(from, Math.Min(Batch, records - from)).Select(i => Record(i, accounts)).ToArray();
            await store.BulkInsertAsync(batch, BulkInsertMode.InsertsOnly, Batch, cancellationToken);
        }
        // Fresh statistics, as autovacuum would have them on a long-lived log.
        await using var session = store.LightweightSession();
        await session.Database.EnsureStorageExistsAsync(typeof(DecisionRecord), cancellationToken);
        var table = store.Options.FindOrResolveDocumentType(typeof(DecisionRecord)).TableName.QualifiedName;
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = $"analyze {table}";
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DecisionRecord Record(int i, int accounts)
    {
        var account = AccountId(i % accounts);
        var type = ActionTypes[i % ActionTypes.Length];
        var at = Start.AddSeconds(i * 311L % 31_536_000);
        var allowed = i % 5 != 0;
        var deny = allowed ? Array.Empty<string>() : ["frequency.user_weekly"];
        var input = new JsonObject
        {
            ["operation"] = "propose",
            ["action"] = new JsonObject { ["type"] = type, ["payload"] = new JsonObject { ["user_id"] = $"{account}-u1", ["message"] = "Try the automation templates", ["category"] = "adoption" } },
            ["account"] = new JsonObject { ["id"] = account, ["plan"] = "pro", ["region"] = "eu", ["risk_tier"] = "high", ["days_to_renewal"] = 120, ["environment"] = "production" },
            ["user"] = new JsonObject { ["id"] = $"{account}-u1", ["role"] = "member", ["opted_out"] = false },
            ["history"] = new JsonObject { ["nudges_user_7d"] = i % 4, ["nudges_account_7d"] = i % 9, ["messages_account_7d"] = i % 11, ["discounts_account_90d"] = 0 },
            ["actor"] = new JsonObject { ["id"] = "csm@demo.local", ["roles"] = new JsonArray("csm") },
            ["environment"] = new JsonObject { ["name"] = "production", ["now"] = at.ToString("O", CultureInfo.InvariantCulture) },
        };
        var result = new JsonObject { ["allow"] = allowed, ["requires_approval"] = false, ["deny"] = new JsonArray([.. deny.Select(d => (JsonNode)new JsonObject { ["rule"] = d, ["message"] = "User got 3 nudges in the last 7 days; the weekly cap is 3." })]) };
        return new DecisionRecord
        {
            Id = Guid.CreateVersion7(at),
            DecisionId = Guid.NewGuid().ToString(),
            Operation = "propose",
            Input = input,
            Result = result,
            PolicyRevision = "0123456789ab",
            Timestamp = at,
            EvalNanoseconds = 80_000,
            AccountId = account,
            UserId = $"{account}-u1",
            ActionType = type,
            Category = "adoption",
            Channel = "in_app",
            Status = allowed ? ActionStatus.Allowed : ActionStatus.Denied,
            Allowed = allowed,
            DenyRules = deny,
            ModelVersion = "churn-20261101-1",
            FeatureSnapshotHash = "0123456789abcdef",
            ProposedBy = "csm@demo.local",
            ProposedAt = at,
            UpdatedAt = at,
            Trail =
            [
                new DecisionTrailEntry(1, "ActionProposed", at, "csm@demo.local", $"Proposed {type} for {account}: churn risk high; seat utilisation fell."),
                new DecisionTrailEntry(2, "PolicyEvaluated", at, "csm@demo.local", allowed ? "Policy allowed propose" : "Policy denied propose: frequency.user_weekly"),
                new DecisionTrailEntry(3, "ActionSimulated", at.AddMinutes(2), "csm@demo.local", "Simulated: adds one nudge to the user's inbox"),
                new DecisionTrailEntry(4, "ActionApplied", at.AddMinutes(3), "csm@demo.local", "Applied: nudge scheduled"),
            ],
        };
    }
}
