using System.Text.Json.Nodes;
using ActionPlane.Engine.Autopilot;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Autopilot;

/// <summary>
/// Base of the autopilot tests: the real engine and bundle, metrics read fresh on every gate call
/// (no cache TTL), and a way to give an action type a track record in the autonomy window.
/// </summary>
public abstract class AutopilotTest(PostgresFixture postgres) : HarnessTest(postgres)
{
    protected UnattendedRunner Runner => H.Get<UnattendedRunner>();

    protected override void Configure(ActionPlaneEngineOptions options)
    {
        // The autonomy rule must see each undo as it happens.
        options.ActionMetricsTtl = TimeSpan.Zero;
        ConfigureMore(options);
    }

    protected virtual void ConfigureMore(ActionPlaneEngineOptions options)
    {
    }

    /// <summary>
    /// A track record of <paramref name="applied"/> applies of <paramref name="actionType"/> (the last
    /// <paramref name="undone"/> of them undone) on other accounts in the last 30 days: the decision
    /// records the metrics aggregate, as earlier CSM applies would have left them.
    /// </summary>
    protected async Task SeedTrackRecordAsync(string actionType, int applied, int undone = 0)
    {
        // Records stored before any event: the event tables their upsert consults must exist.
        await H.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var session = H.Store.LightweightSession();
        for (var i = 0; i < applied; i++)
        {
            var proposedAt = LifecycleHarness.Start.AddDays(-20).AddHours(i);
            session.Store(new DecisionRecord
            {
                Id = Guid.NewGuid(),
                AccountId = $"acc-history-{i:D3}",
                ActionType = actionType,
                Status = i >= applied - undone ? ActionStatus.RolledBack : ActionStatus.Applied,
                Allowed = true,
                ProposedBy = LifecycleHarness.Csm.Id,
                ProposedAt = proposedAt,
                AppliedBy = LifecycleHarness.Csm.Id,
                AppliedAt = proposedAt.AddMinutes(5),
                UndoneBy = i >= applied - undone ? LifecycleHarness.Csm.Id : null,
                UndoneAt = i >= applied - undone ? proposedAt.AddDays(1) : null,
                Timestamp = proposedAt,
                UpdatedAt = proposedAt,
            });
        }
        await session.SaveChangesAsync();
    }

    /// <summary>
    /// A CSM's own proposal of <paramref name="actionType"/> for one user of the harness account (chosen,
    /// so the autopilot may apply it: on this high-risk account the engine itself picks costlier actions).
    /// </summary>
    protected Task<ProposalView> ProposeAsync(string userId, string actionType) =>
        H.Engine.ProposeActionAsync(LifecycleHarness.AccountId, actionType, Payload(userId, actionType), LifecycleHarness.Csm);

    protected static JsonObject Payload(string userId, string actionType) => actionType switch
    {
        "show_checklist" => new JsonObject
        {
            ["user_id"] = userId, ["checklist_id"] = "getting-started", ["title"] = "Get started", ["items"] = new JsonArray("Invite a colleague", "Build a report"),
        },
        "pin_shortcut" => new JsonObject { ["user_id"] = userId, ["feature"] = "reports", ["label"] = "Reports" },
        "schedule_nudge" => new JsonObject
        {
            ["user_id"] = userId, ["channel"] = "in_app", ["category"] = "adoption", ["message"] = "Try the reports page",
            ["send_at"] = LifecycleHarness.Start.AddHours(2).ToString("O"), ["reason"] = "Teams like yours use reports weekly.",
        },
        _ => throw new ArgumentOutOfRangeException(nameof(actionType), actionType, "no test payload"),
    };

    protected async Task<IReadOnlyList<ActionApplied>> AppliedEventsAsync(Guid proposalId) =>
        [.. (await H.EventsAsync(proposalId)).OfType<ActionApplied>()];

    protected async Task<int> NudgesForAsync(string userId)
    {
        await using var session = H.Store.QuerySession();
        return await session.Query<DecisionRecord>().CountAsync(r => r.UserId == userId && r.AppliedAt != null);
    }
}
