using System.Text.Json.Nodes;
using ActionPlane.Engine.Nudges;
using Marten;

namespace ActionPlane.Engine.Execution;

/// <summary>Puts in-app messages in a user's inbox, and withdraws them on undo unless the user already dismissed them.</summary>
public sealed class NudgeInboxExecutor : IActionExecutor
{
    public IReadOnlyCollection<string> ActionTypes { get; } = ["schedule_nudge", "show_checklist", "prefill_form", "suggest_upgrade_within_policy"];

    public static string TargetIdFor(Guid proposalId) => $"nudge-{proposalId:N}";

    public async Task<ExecutionOutcome> PreviewAsync(ActionExecution action, IQuerySession session, CancellationToken cancellationToken)
    {
        var item = Build(action);
        return new ExecutionOutcome(item.Id, await BeforeAsync(item.UserId, session, cancellationToken), TargetJson.Of(item),
            $"Would show \"{item.Title}\" in the in-app inbox of user {item.UserId} from {item.VisibleFrom:u}.");
    }

    public async Task<ExecutionOutcome> ApplyAsync(ActionExecution action, IDocumentSession session, CancellationToken cancellationToken)
    {
        var item = Build(action);
        var before = await BeforeAsync(item.UserId, session, cancellationToken);
        session.Store(item);
        return new ExecutionOutcome(item.Id, before, TargetJson.Of(item), $"Put \"{item.Title}\" in the in-app inbox of user {item.UserId}.");
    }

    public async Task<UndoCheck> CanUndoAsync(ActionExecution action, string targetId, IQuerySession session, CancellationToken cancellationToken)
    {
        var item = await session.LoadAsync<NudgeInboxItem>(targetId, cancellationToken);
        return item switch
        {
            null => UndoCheck.No($"The inbox item {targetId} no longer exists."),
            { Status: NudgeStatus.Dismissed } => UndoCheck.No("The user already dismissed this nudge; there is nothing left to withdraw."),
            { Status: NudgeStatus.Withdrawn } => UndoCheck.No("This nudge was already withdrawn."),
            _ => UndoCheck.Yes,
        };
    }

    public async Task<ExecutionOutcome> UndoAsync(ActionExecution action, string targetId, IDocumentSession session, CancellationToken cancellationToken)
    {
        var item = await session.LoadAsync<NudgeInboxItem>(targetId, cancellationToken)
            ?? throw new InvalidOperationException($"The inbox item {targetId} no longer exists.");
        var withdrawn = item with { Status = NudgeStatus.Withdrawn, WithdrawnAt = action.Now };
        session.Store(withdrawn);
        return new ExecutionOutcome(targetId, TargetJson.Of(item), TargetJson.Of(withdrawn), $"Withdrew \"{item.Title}\" from the inbox of user {item.UserId}.");
    }

    private static async Task<JsonObject> BeforeAsync(string userId, IQuerySession session, CancellationToken cancellationToken)
    {
        var active = await session.Query<NudgeInboxItem>()
            .Where(n => n.UserId == userId && n.Status == NudgeStatus.Active)
            .CountAsync(cancellationToken);
        return new JsonObject { ["user_id"] = userId, ["active_nudges"] = active };
    }

    private static NudgeInboxItem Build(ActionExecution action)
    {
        var p = action.Payload;
        var userId = action.UserId ?? p.Str("user_id");
        var category = action.Metadata["category"]?.GetValue<string>() ?? "adoption";
        var channel = action.Metadata["channel"]?.GetValue<string>() ?? "in_app";
        var visibleFrom = action.Now;
        string title, message;
        var content = new JsonObject();
        switch (action.ActionType)
        {
            case "schedule_nudge":
                category = p.Str("category");
                channel = p.Str("channel");
                visibleFrom = DateTimeOffset.Parse(p.Str("send_at"), System.Globalization.CultureInfo.InvariantCulture);
                title = "A tip for you";
                message = p.Str("message");
                break;
            case "show_checklist":
                title = p.Str("title");
                content["checklist_id"] = p.Str("checklist_id");
                content["items"] = p["items"]!.DeepClone();
                message = $"{p["items"]!.AsArray().Count} short steps to get more out of the product.";
                break;
            case "prefill_form":
                var form = p.Str("form");
                title = form switch
                {
                    "integration_setup" => "Finish setting up your integration",
                    "team_invite" => "Invite your team",
                    "sso_setup" => "Set up single sign-on",
                    _ => "Finish a form",
                };
                content["form"] = form;
                content["fields"] = p["fields"]!.DeepClone();
                message = "We filled in what we already know. Review it and save when ready.";
                break;
            case "suggest_upgrade_within_policy":
                var plan = p.Str("target_plan");
                title = $"Your team may be ready for {char.ToUpperInvariant(plan[0])}{plan[1..]}";
                content["target_plan"] = plan;
                message = p.Str("message");
                break;
            default:
                throw new InvalidOperationException($"NudgeInboxExecutor does not handle '{action.ActionType}'.");
        }

        return new NudgeInboxItem
        {
            Id = TargetIdFor(action.ProposalId),
            ProposalId = action.ProposalId,
            AccountId = action.AccountId,
            UserId = userId,
            ActionType = action.ActionType,
            Category = category,
            Channel = channel,
            Title = title,
            Message = message,
            Why = action.UserFacingWhy,
            Content = content,
            VisibleFrom = visibleFrom,
            CreatedAt = action.Now,
        };
    }
}
