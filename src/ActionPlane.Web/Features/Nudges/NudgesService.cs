using ActionPlane.Engine.Nudges;

namespace ActionPlane.Web.Features.Nudges;

/// <summary>The signed-in end user's nudges: read, mark shown, dismiss as not relevant.</summary>
public sealed class NudgesService(NudgeService nudges)
{
    /// <summary>The user's visible nudges, each recorded as shown the first time it is listed.</summary>
    public async Task<IReadOnlyList<NudgeView>> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        var visible = await nudges.GetForUserAsync(userId, cancellationToken);
        foreach (var nudge in visible.Where(n => n.ShownAt is null))
            await nudges.MarkShownAsync(nudge.NudgeId, userId, cancellationToken);
        return visible;
    }

    public Task NotRelevantAsync(string nudgeId, string userId, CancellationToken cancellationToken = default) =>
        nudges.DismissAsync(nudgeId, userId, NudgeService.NotRelevant, SuppressionEntry.CategoryScope, cancellationToken);

    /// <summary>What the user hid and for how long, for "Hidden for 60 days — undo".</summary>
    public Task<IReadOnlyList<HiddenNudgeView>> GetHiddenAsync(string userId, CancellationToken cancellationToken = default) =>
        nudges.GetHiddenAsync(userId, cancellationToken);

    public Task UndoNotRelevantAsync(string nudgeId, string userId, CancellationToken cancellationToken = default) =>
        nudges.UndoNotRelevantAsync(nudgeId, userId, cancellationToken);
}
