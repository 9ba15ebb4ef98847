using ActionPlane.Policies;
using Microsoft.AspNetCore.Components;

namespace ActionPlane.Web.Features.Policies;

/// <summary>The reviewer's policy browser: the active bundle's files, revision and Rego test results.</summary>
public sealed partial class PolicyBrowserPage
{
    private PolicyBundleSnapshot? _bundle;
    private PolicyTestSummary? _tests;
    private string? _error;

    [Inject]
    private PolicyBrowserService Policies { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
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
    }
}
