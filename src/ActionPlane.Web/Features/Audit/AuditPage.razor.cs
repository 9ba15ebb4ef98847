using System.Globalization;
using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Web.Components;
using ActionPlane.Web.Features.Governance;
using ActionPlane.Web.Features.Policies;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;

namespace ActionPlane.Web.Features.Audit;

/// <summary>The governance reviewer's decision log: filter by account, action type and dates; open one trail.</summary>
public sealed partial class AuditPage
{
    private IReadOnlyList<DecisionRecord> _records = [];
    private DecisionRecord? _open;
    private ActionPlane.Engine.Proposals.ProposalView? _openProposal;
    private string? _accountId;
    private string? _actionType;
    private DateTime? _from;
    private DateTime? _to;
    private bool _loading = true;
    private string? _error;
    private DecisionRecord? _opening;
    private string? _openError;
    private IReadOnlyList<PolicyRevisionSummary>? _revisions;
    private ReplayResult? _replay;
    private string? _replayError;
    private bool _replaying;

    [Inject]
    private AuditService Audit { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnInitializedAsync() => SearchAsync();

    private bool Filtered => !string.IsNullOrWhiteSpace(_accountId) || _actionType is not null || _from is not null || _to is not null;

    private async Task SearchAsync()
    {
        _loading = true;
        _error = null;
        try
        {
            // The date pickers pick whole days: "to" includes its day, the query's To is exclusive.
            var query = new DecisionQuery(
                AccountId: string.IsNullOrWhiteSpace(_accountId) ? null : _accountId.Trim(),
                ActionType: _actionType,
                From: _from is { } f ? new DateTimeOffset(f.Date, TimeSpan.Zero) : null,
                To: _to is { } t ? new DateTimeOffset(t.Date.AddDays(1), TimeSpan.Zero) : null);
            _records = await Audit.SearchAsync(query);
        }
        catch (LifecycleException e)
        {
            Snackbar.Add(e.Message, Severity.Warning);
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            _records = [];
            _error = DatabaseFailures.Describe("The decision log", e);
        }
        finally
        {
            _loading = false;
        }
    }

    private Task ClearFiltersAsync()
    {
        (_accountId, _actionType, _from, _to) = (null, null, null, null);
        return SearchAsync();
    }

    // The export takes the filters as they are in the form (searched or not), with "to" made exclusive like the search.
    private string ExportHref(string format)
    {
        var query = new Dictionary<string, string?>
        {
            ["format"] = format,
            ["accountId"] = string.IsNullOrWhiteSpace(_accountId) ? null : _accountId.Trim(),
            ["actionType"] = _actionType,
            ["from"] = _from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = _to?.Date.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString("/audit/export", query.Where(kv => kv.Value is not null));
    }

    private async Task OpenAsync(DecisionRecord record)
    {
        _opening = record;
        _openError = null;
        _replay = null;
        _replayError = null;
        try
        {
            _open = await Audit.GetAsync(record.Id) ?? record;
            _openProposal = await Audit.GetProposalAsync(record.Id);
            _revisions ??= await Audit.ListRevisionsAsync();
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            _open = null;
            _openError = DatabaseFailures.Describe($"The trail of {record.ActionType} for {record.AccountId}", e);
        }
    }

    private async Task ReplayAsync(string revision)
    {
        if (_open is null)
            return;
        _replaying = true;
        _replayError = null;
        try
        {
            _replay = await Audit.ReplayAsync(_open.Id, revision);
        }
        catch (LifecycleException e)
        {
            _replay = null;
            _replayError = e.Message;
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            _replay = null;
            _replayError = DatabaseFailures.Describe($"Revision {revision}", e);
        }
        finally
        {
            _replaying = false;
        }
    }
}
