using ActionPlane.Engine.Governance;
using ActionPlane.Policies;
using ActionPlane.Web.Components;
using ActionPlane.Web.Features.Governance;
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
        await LoadBundleAsync();
        await revisions;
    }

    private async Task LoadBundleAsync()
    {
        _error = null;
        _bundle = null;
        _tests = null;
        try
        {
            _bundle = Policies.GetBundle();
            // The files show at once; the test run (a second or so) fills in after.
            StateHasChanged();
            _tests = await Policies.RunTestsAsync();
        }
        catch (PolicyLoadException e)
        {
            _error = $"The policy bundle does not load: {e.Message} Fix the file and try again.";
        }
    }

    private async Task LoadRevisionsAsync()
    {
        _revisionsError = null;
        _revisions = null;
        try
        {
            _revisions = await Policies.ListRevisionsAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The bundle on disk is still worth showing when the database is not reachable.
            _revisionsError = DatabaseFailures.Describe("The stored revisions", e);
        }
    }

    private async Task CompareAsync((string From, string To) pick)
    {
        _diffError = null;
        _diff = null;
        try
        {
            _diff = await Policies.DiffAsync(pick.From, pick.To);
            if (_diff is null)
                _diffError = $"Revision {pick.From} or {pick.To} is no longer stored.";
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            _diffError = DatabaseFailures.Describe($"The diff from {pick.From} to {pick.To}", e);
        }
    }
}
