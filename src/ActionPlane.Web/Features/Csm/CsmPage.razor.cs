using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Simulation;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace ActionPlane.Web.Features.Csm;

/// <summary>The CSM's queue: accounts by risk, an account's suggested actions, and simulate → apply → undo.</summary>
public sealed partial class CsmPage
{
    private readonly Dictionary<Guid, ActionStatus> _status = [];
    private readonly Dictionary<Guid, ApplyReceipt> _receipts = [];
    private readonly Dictionary<Guid, string> _undone = [];
    private readonly Dictionary<Guid, BulkApplyResult> _bulk = [];
    private IReadOnlyList<AccountRow> _accounts = [];
    private IReadOnlyList<ProposalView> _proposals = [];
    private IReadOnlyList<RejectedCandidate> _rejected = [];
    private bool _suggested;
    private IReadOnlyList<EndUser> _users = [];
    private RiskTier? _tier = RiskTier.High;
    private bool _churned;
    private AccountRow? _selected;
    private PortfolioSummary? _portfolio;
    private IReadOnlyDictionary<string, IReadOnlyList<int>> _usage = new Dictionary<string, IReadOnlyList<int>>();
    private ElementReference _accountPanel;
    private ElementReference _proposalList;
    // Under 1280 px the account's panel sits below the table, out of view: after a click on an
    // account, and again after "Suggest actions", the page scrolls to what the click produced.
    private Func<ElementReference>? _scrollTo;
    private bool _loadingAccounts = true;
    private bool _busy;
    private bool _failed;

    [Inject]
    private CsmConsoleService Service { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>wwwroot/app.js: scrolls an element to the top of the view unless it is already in view.</summary>
    public const string ScrollIntoViewIfNeeded = "actionPlane.scrollIntoViewIfNeeded";

    protected override Task OnInitializedAsync() => LoadAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_scrollTo is not { } target)
            return;
        _scrollTo = null;
        try
        {
            await JS.InvokeVoidAsync(ScrollIntoViewIfNeeded, target());
        }
        catch (JSDisconnectedException)
        {
            // The tab closed: nothing left to scroll.
        }
    }

    private async Task LoadAsync()
    {
        _failed = false;
        try
        {
            await LoadAccountsAsync();
            // The summary covers every tier, whatever the table's filter shows.
            _portfolio = PortfolioSummary.From(_tier is null ? _accounts : await Service.GetAccountsAsync(null));
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            _failed = true;
        }
    }

    private async Task LoadAccountsAsync()
    {
        _loadingAccounts = true;
        _accounts = await Service.GetAccountsAsync(_churned ? null : _tier, _churned);
        _usage = await Service.GetActiveUsersAsync([.. _accounts.Select(a => a.Id)]);
        _loadingAccounts = false;
    }

    private Task FilterAsync(RiskTier? tier)
    {
        _tier = tier;
        _churned = false;
        return ReloadAccountsAsync();
    }

    private Task ShowChurnedAsync()
    {
        _churned = true;
        return ReloadAccountsAsync();
    }

    private async Task ReloadAccountsAsync()
    {
        try
        {
            await LoadAccountsAsync();
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            _failed = true;
        }
    }

    private Task SelectAsync(AccountRow row) => RunAsync(async actor =>
    {
        _selected = row;
        _proposals = [];
        _rejected = [];
        _suggested = false;
        _bulk.Clear();
        _users = await Service.GetUsersAsync(row.Id);
        // A former customer gets nothing new; what is still open shows the policy's refusal on each card.
        if (row.ChurnedOn is not null)
        {
            _proposals = await Service.FormerCustomerQueueAsync(row.Id, actor);
            _suggested = true;
        }
        _scrollTo = () => _accountPanel;
    });

    private ActionStatus StatusOf(ProposalView proposal) => _status.GetValueOrDefault(proposal.ProposalId, proposal.Status);

    private Task SuggestAsync() => RunAsync(async actor =>
    {
        var batch = await Service.SuggestAsync(_selected!.Id, actor);
        _proposals = batch.Proposals;
        _rejected = batch.Rejected;
        _suggested = true;
        _scrollTo = () => _proposalList;
    });

    private Task RetargetAsync(ProposalView proposal, string userId) => RunAsync(async actor =>
    {
        if (userId == proposal.UserId)
            return;
        var retargeted = await Service.RetargetAsync(proposal, userId, actor);
        _proposals = [.. _proposals.Select(p => p.ProposalId == proposal.ProposalId ? retargeted with { Rank = proposal.Rank } : p)];
    });

    private async Task SimulateAsync(ProposalView proposal)
    {
        SimulationResult? result = null;
        await RunAsync(async actor => result = await Service.SimulateAsync(proposal.ProposalId, actor));
        if (result is null)
            return;
        var canApply = !proposal.Holdout && !proposal.SuggestOnly && result.WouldBeAllowed
            && (!result.RequiresApproval || result.HasApproval)
            && StatusOf(proposal) is ActionStatus.Allowed or ActionStatus.Approved;
        var parameters = new DialogParameters<SimulateDialog> { { d => d.Result, result }, { d => d.Proposal, proposal }, { d => d.CanApply, canApply } };
        var dialog = await Dialogs.ShowAsync<SimulateDialog>($"Simulate: {proposal.Title}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseButton = true });
        if (await dialog.Result is { Canceled: false, Data: true })
            await ApplyConfirmedAsync(proposal);
    }

    private Task RequestApprovalAsync(ProposalView proposal) => RunAsync(async actor =>
    {
        await Service.RequestApprovalAsync(proposal.ProposalId, actor);
        await RefreshStatusAsync(proposal.ProposalId);
        Snackbar.Add("Approval requested: an approver sees it under Approvals.", Severity.Info);
    });

    private async Task ApplyAsync(ProposalView proposal)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Apply this action?",
            ApplyConfirmation.Message(proposal, _selected?.Name),
            yesText: "Apply", cancelText: "Cancel");
        if (confirmed == true)
            await ApplyConfirmedAsync(proposal);
    }

    private async Task ApplyConfirmedAsync(ProposalView proposal)
    {
        // One key per confirmed click: a retry of this request cannot apply twice.
        var idempotencyKey = Guid.NewGuid().ToString("N");
        await RunAsync(async actor =>
        {
            var receipt = await Service.ApplyAsync(proposal.ProposalId, idempotencyKey, actor);
            _receipts[proposal.ProposalId] = receipt;
            _status[proposal.ProposalId] = receipt.Status;
            Snackbar.Add($"Applied: {receipt.Summary}", Severity.Success);
        });
    }

    private async Task BulkApplyAsync(IReadOnlyList<ProposalView> chosen)
    {
        if (chosen.Count == 0)
            return;
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Apply {chosen.Count} actions?",
            $"For {_selected?.Name}: {string.Join(", ", chosen.Select(p => p.Title))}. Each takes effect now and can be undone on its own.",
            yesText: "Apply all", cancelText: "Cancel");
        if (confirmed != true)
            return;
        await RunAsync(async actor =>
        {
            foreach (var proposal in chosen)
            {
                // Each item has its own idempotency key and its own outcome: one refusal does not stop the rest.
                var idempotencyKey = Guid.NewGuid().ToString("N");
                try
                {
                    var receipt = await Service.ApplyAsync(proposal.ProposalId, idempotencyKey, actor);
                    _receipts[proposal.ProposalId] = receipt;
                    _status[proposal.ProposalId] = receipt.Status;
                    _bulk[proposal.ProposalId] = new BulkApplyResult(proposal.ProposalId, true, receipt.Summary);
                }
                catch (LifecycleException e)
                {
                    var reason = e.Reasons.Count > 0 ? $"{e.Message} ({string.Join("; ", e.Reasons)})" : e.Message;
                    _bulk[proposal.ProposalId] = new BulkApplyResult(proposal.ProposalId, false, reason);
                    await RefreshStatusAsync(proposal.ProposalId);
                }
            }
            var applied = chosen.Count(p => _bulk[p.ProposalId].Applied);
            Snackbar.Add($"Bulk apply: {applied} applied, {chosen.Count - applied} refused.", applied == chosen.Count ? Severity.Success : Severity.Warning);
        });
    }

    private Task UndoAsync(ProposalView proposal) => RunAsync(async actor =>
    {
        var receipt = _receipts[proposal.ProposalId];
        var undone = await Service.UndoAsync(proposal.ProposalId, receipt.RollbackToken, actor);
        _undone[proposal.ProposalId] = undone.Summary;
        await RefreshStatusAsync(proposal.ProposalId);
        Snackbar.Add($"Undone: {undone.Summary}", Severity.Info);
    });

    private async Task RefreshStatusAsync(Guid proposalId)
    {
        if (await Service.GetStatusAsync(proposalId) is { } status)
            _status[proposalId] = status;
    }

    // Every step: one at a time, refusals shown as the Engine words them, nothing half-done on screen.
    private async Task RunAsync(Func<Actor, Task> step)
    {
        _busy = true;
        try
        {
            var actor = (await AuthenticationState).User.ToActor();
            await step(actor);
        }
        catch (LifecycleException e)
        {
            Snackbar.Add(e.Reasons.Count > 0 ? $"{e.Message} ({string.Join("; ", e.Reasons)})" : e.Message, Severity.Error);
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            // The step either committed whole or not at all (one Marten session); the card shows the last known status.
            Snackbar.Add($"That step did not go through: {DatabaseFailures.Reason} Try again in a moment.", Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }
}
