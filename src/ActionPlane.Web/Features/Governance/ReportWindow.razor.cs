using ActionPlane.Engine.Lifecycle;
using ActionPlane.Web.Components;
using Microsoft.AspNetCore.Components;

namespace ActionPlane.Web.Features.Governance;

/// <summary>One report over a date window, as the view draws it: Report is null while loading or when Error says why not.</summary>
public sealed record ReportState<TReport>(TReport? Report, string? Error, Func<Task> Retry)
    where TReport : class;

/// <summary>Date pickers, Show, and the load with its loading and error states, shared by the parity and action-metrics pages.</summary>
public sealed partial class ReportWindow<TReport>
    where TReport : class
{
    private TReport? _report;
    private string? _error;
    private DateTime? _from;
    private DateTime? _to;

    [Inject]
    private GovernanceReportsService Reports { get; set; } = default!;

    /// <summary>Reads the report for [from, to): whole UTC days, to exclusive.</summary>
    [Parameter, EditorRequired]
    public Func<DateTimeOffset, DateTimeOffset, Task<TReport>> Load { get; set; } = default!;

    /// <summary>What the error state says could not be read, e.g. "The parity report".</summary>
    [Parameter, EditorRequired]
    public string What { get; set; } = "";

    /// <summary>Prefix of the pickers' and button's test ids, e.g. "parity" gives "parity-refresh".</summary>
    [Parameter, EditorRequired]
    public string TestId { get; set; } = "";

    /// <summary>Days the default window reaches back (the last 12 weeks unless a report needs older decisions).</summary>
    [Parameter]
    public int Days { get; set; } = GovernanceReportsService.DefaultDays;

    [Parameter, EditorRequired]
    public RenderFragment<ReportState<TReport>> ChildContent { get; set; } = default!;

    protected override Task OnInitializedAsync()
    {
        var (_, to) = Reports.DefaultWindow();
        _from = to.AddDays(-Days).UtcDateTime;
        _to = to.UtcDateTime.AddDays(-1);
        return LoadAsync();
    }

    private async Task LoadAsync()
    {
        _report = null;
        _error = null;
        if (_from is null || _to is null || _to < _from)
        {
            _error = "Pick a from date on or before the to date.";
            return;
        }
        try
        {
            // The pickers pick whole days: "to" includes its day.
            _report = await Load(new DateTimeOffset(_from.Value.Date, TimeSpan.Zero), new DateTimeOffset(_to.Value.Date.AddDays(1), TimeSpan.Zero));
        }
        catch (LifecycleException e)
        {
            _error = e.Message;
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            _error = DatabaseFailures.Describe(What, e);
        }
    }
}
