using ActionPlane.Engine.Models;
using ActionPlane.Engine.Models.Drift;
using ActionPlane.Web.Components;
using ActionPlane.Web.Features.Governance;
using Microsoft.AspNetCore.Components;

namespace ActionPlane.Web.Features.ModelsRegistry;

/// <summary>The reviewer's model registry: versions, metrics across versions, champion, model cards, and drift of one version (the champion first).</summary>
public sealed partial class ModelsPage
{
    private IReadOnlyList<ModelVersionSummary>? _versions;
    private string? _error;
    private string? _driftVersion;
    private DriftReport? _drift;
    private string? _driftError;
    private IReadOnlyList<ActionPlane.Engine.Training.LabelCount>? _labels;
    private ActionPlane.Engine.Training.RetrainRun? _lastRun;

    [Inject]
    private ModelRegistryService Models { get; set; } = default!;

    [Inject]
    private ActionPlane.Engine.Training.ScheduledRetrainOptions Retraining { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _error = null;
        _versions = null;
        try
        {
            _versions = await Models.ListAsync();
            (_labels, _lastRun) = await Models.LoopAsync();
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            _error = DatabaseFailures.Describe("The model registry", e);
            return;
        }
        // Drift and calibration are read against churn outcomes: start from the churn champion, not an uplift model's.
        if ((_versions.LastOrDefault(v => v.IsChampion && v.Kind == ChurnModelCard.Kind) ?? _versions.LastOrDefault(v => v.IsChampion) ?? _versions.LastOrDefault()) is { } first)
        {
            StateHasChanged();
            await ShowDriftAsync(first.Version);
        }
    }

    private async Task ShowDriftAsync(string version)
    {
        _driftVersion = version;
        _drift = null;
        _driftError = null;
        try
        {
            _drift = await Models.DriftAsync(version);
            if (_drift is null)
                _driftError = $"Model {version} is no longer in the registry.";
        }
        catch (Exception e) when (DatabaseFailures.Is(e))
        {
            _driftError = DatabaseFailures.Describe($"The drift of {version}", e);
        }
    }
}
