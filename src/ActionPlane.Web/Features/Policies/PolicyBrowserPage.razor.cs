using ActionPlane.Engine.Governance;
using ActionPlane.Policies;
using Microsoft.AspNetCore.Components;

namespace ActionPlane.Web.Features.Policies;

/// <summary>The reviewer's policy browser: the active bundle's files, revision and Rego test results, and every past revision with diffs.</summary>
public sealed partial class PolicyBrowserPage
{
    private PolicyBundleSnapshot? _bundle;
    private PolicyTestSummary? _tests;
    private string? _error;
    private IReadOnlyList<PolicyRevisionSummary>? _revisions;
    private string? _revisionsError;
    private PolicyRevisionDiff? _diff;
    private string? _diffError;

    [Inject]
    private PolicyBrowserService Policies { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var revisions = LoadRevisionsAsync();
        try
        {
            _bundle = Policies.GetBundle();
            // The files show at once; the test run (a second or so) fills in after.
            StateHasChanged();
            _tests = await Policies.RunTestsAsync();
        }
        catch (PolicyLoadException e)
        {
            _error = $"The policy bundle does not load: {e.Message}";
        }
        await revisions;
    }

    private async Task LoadRevisionsAsync()
    {
        try
        {
            _revisions = await Policies.ListRevisionsAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The bundle on disk is still worth showing when the database is not reachable.
            _revisionsError = $"The stored revisions cannot be read: {e.Message}";
        }
    }

    private async Task CompareAsync((string From, string To) pick)
    {
        _diffError = null;
        _diff = await Policies.DiffAsync(pick.From, pick.To);
        if (_diff is null)
            _diffError = $"Revision {pick.From} or {pick.To} is no longer stored.";
    }
}
