using System.Globalization;
using ActionPlane.Web.Features.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ActionPlane.Web.Features.Accounts;

/// <summary>Renders an <see cref="Account360"/>: usage chart, score drivers, signals timeline, proposals and decisions.</summary>
public sealed partial class Account360View
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    [Parameter]
    public Account360? Data { get; set; }

    [Parameter]
    public bool Loading { get; set; }

    [Parameter]
    public string? Error { get; set; }

    /// <summary>Undo of an action the autopilot applied (the page does it and reloads); no button without it.</summary>
    [Parameter]
    public EventCallback<ActionPlane.Engine.Lifecycle.DecisionRecord> OnUndo { get; set; }

    [Parameter]
    public bool Busy { get; set; }

    private bool CanUndo(ActionPlane.Engine.Lifecycle.DecisionRecord p) =>
        p.Status == ActionPlane.Engine.Lifecycle.ActionStatus.Applied && OnUndo.HasDelegate
        && (UnattendedChip.IsUnattended(p.AppliedBy) || Data!.Account.ChurnedOn is not null);

    private int AppliedCount => Data!.PastDecisions.Count(p => p.Status == ActionPlane.Engine.Lifecycle.ActionStatus.Applied);

    private List<ChartSeries<double>> UsageSeries() =>
        [new ChartSeries<double> { Name = "Active users", Data = new ChartData<double>([.. Data!.Usage.Select(u => (double)u.ActiveUsers)]) }];

    // A label every two weeks keeps the axis readable for 90 points.
    private string[] UsageLabels() =>
        [.. Data!.Usage.Select((u, i) => i % 14 == 0 ? u.Day.ToString("MM-dd", Culture) : "")];

    private List<(DateOnly On, string Text, Color Color)> Timeline()
    {
        var tickets = Data!.Tickets.Select(t => (t.OpenedOn,
            $"Support ticket ({t.Priority}){(t.ClosedOn is { } c ? $", closed {c.ToString("yyyy-MM-dd", Culture)}" : ", open")}{(t.Csat is { } csat ? $", CSAT {csat}" : "")}",
            t.Urgent ? Color.Error : Color.Info));
        var billing = Data.Billing.Select(b => (b.On,
            $"Billing {b.Kind.Replace('_', ' ')}: MRR {b.MrrBefore.ToString("C0", Culture)} → {b.MrrAfter.ToString("C0", Culture)}, seats {b.SeatsBefore} → {b.SeatsAfter}",
            b.MrrAfter < b.MrrBefore ? Color.Warning : Color.Success));
        return [.. tickets.Concat(billing).OrderByDescending(e => e.Item1)];
    }
}
