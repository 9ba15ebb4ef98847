using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Lifecycle;
using Microsoft.AspNetCore.Components;
using Npgsql;

namespace ActionPlane.Web.Features.Governance;

/// <summary>The reviewer's parity view: who received actions and who benefited, by plan, region and ARR band.</summary>
public sealed partial class ParityPage
{
    private ParityReport? _report;
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
        _report = null;
        _error = null;
        if (_from is null || _to is null)
        {
            _error = "Pick both dates.";
            return;
        }
        try
        {
            // The pickers pick whole days: "to" includes its day.
            _report = await Reports.ParityAsync(new DateTimeOffset(_from.Value.Date, TimeSpan.Zero), new DateTimeOffset(_to.Value.Date.AddDays(1), TimeSpan.Zero));
        }
        catch (LifecycleException e)
        {
            _error = e.Message;
        }
        catch (NpgsqlException e)
        {
            _error = $"The decision log cannot be read: {e.Message}";
        }
    }
}
