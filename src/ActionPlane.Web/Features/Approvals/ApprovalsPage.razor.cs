using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace ActionPlane.Web.Features.Approvals;

/// <summary>Approve or reject consequential actions proposed by someone else.</summary>
public sealed partial class ApprovalsPage
{
    private readonly Dictionary<Guid, string> _reasons = [];
    private IReadOnlyList<PendingApproval>? _pending;
    private bool _busy;
    private bool _failed;
    // Only approvers decide (the policy and the Engine refuse anyone else, admins included), so
    // others see the queue without buttons that would only be refused.
    private bool _canDecide;

    [Inject]
    private ApprovalsService Approvals { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _canDecide = (await AuthenticationState).User.IsInRole(Roles.Approver);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _pending = await Approvals.GetPendingAsync((await AuthenticationState).User.ToActor());
            _failed = false;
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            _failed = true;
            return;
        }
        foreach (var p in _pending)
            _reasons.TryAdd(p.Proposal.Id, "");
    }

    private Task ApproveAsync(PendingApproval p) => RunAsync(async actor =>
    {
        await Approvals.ApproveAsync(p.Proposal.Id, actor);
        Snackbar.Add($"Approved {p.Title} for {p.AccountName}; the CSM can apply it now.", Severity.Success);
    });

    private Task RejectAsync(PendingApproval p) => RunAsync(async actor =>
    {
        await Approvals.RejectAsync(p.Proposal.Id, actor, _reasons.GetValueOrDefault(p.Proposal.Id) ?? "");
        Snackbar.Add($"Rejected {p.Title} for {p.AccountName}.", Severity.Info);
    });

    private async Task RunAsync(Func<Actor, Task> step)
    {
        _busy = true;
        try
        {
            await step((await AuthenticationState).User.ToActor());
            await LoadAsync();
        }
        catch (LifecycleException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            Snackbar.Add($"Nothing was decided: {DatabaseFailures.Reason} Try again in a moment.", Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }
}
