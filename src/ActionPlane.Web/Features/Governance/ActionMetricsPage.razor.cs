using ActionPlane.Engine.Metrics;
using Microsoft.AspNetCore.Components;
using Npgsql;

namespace ActionPlane.Web.Features.Governance;

/// <summary>The reviewer's action metrics: acceptance, reversal rate and cost per successful action, per action type and week.</summary>
public sealed partial class ActionMetricsPage
{
    private IReadOnlyList<ActionMetrics>? _rows;
    private string? _error;
    private DateTime? _from;
    private DateTime? _to;

    [Inject]
    private GovernanceReportsService Reports { get; set; } = default!;

    protected override Task OnInitializedAsync()
    {
        var (from, to) = Reports.DefaultWindow();
        _from = from.UtcDateTime;
        _to = to.UtcDateTime.AddDays(-1);
        return LoadAsync();
    }

    private async Task LoadAsync()
    {
        _rows = null;
        _error = null;
        if (_from is null || _to is null || _to < _from)
        {
            _error = "Pick a from date on or before the to date.";
            return;
        }
        try
        {
            _rows = await Reports.WeeklyMetricsAsync(new DateTimeOffset(_from.Value.Date, TimeSpan.Zero), new DateTimeOffset(_to.Value.Date.AddDays(1), TimeSpan.Zero));
        }
        catch (NpgsqlException e)
        {
            _error = $"The decision log cannot be read: {e.Message}";
        }
    }
}
