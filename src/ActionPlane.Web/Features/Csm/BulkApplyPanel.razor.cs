using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using Microsoft.AspNetCore.Components;

namespace ActionPlane.Web.Features.Csm;

/// <summary>The proposal list's bulk apply: checkboxes for eligible proposals and a per-item result.</summary>
public sealed partial class BulkApplyPanel
{
    private readonly HashSet<Guid> _selected = [];

    [Parameter]
    public IReadOnlyList<ProposalView> Proposals { get; set; } = [];

    /// <summary>The current status of a proposal (the page tracks changes after apply/undo).</summary>
    [Parameter]
    public Func<ProposalView, ActionStatus>? Status { get; set; }

    [Parameter]
    public IReadOnlyDictionary<Guid, BulkApplyResult> Results { get; set; } = new Dictionary<Guid, BulkApplyResult>();

    [Parameter]
    public bool Busy { get; set; }

    [Parameter]
    public EventCallback<IReadOnlyList<ProposalView>> OnApply { get; set; }

    private ActionStatus StatusOf(ProposalView proposal) => Status?.Invoke(proposal) ?? proposal.Status;

    private void Toggle(Guid id, bool on)
    {
        if (on)
            _selected.Add(id);
        else
            _selected.Remove(id);
    }

    private async Task ApplyAsync()
    {
        // Re-check eligibility at click time: a proposal applied one by one meanwhile drops out.
        var chosen = Proposals.Where(p => _selected.Contains(p.ProposalId) && BulkApplyResult.IsEligible(p, StatusOf(p))).ToList();
        _selected.Clear();
        await OnApply.InvokeAsync(chosen);
    }
}
