using ActionPlane.Engine.Models.Drift;
using Microsoft.AspNetCore.Components;
using Npgsql;

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

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _versions = await Models.ListAsync();
            (_labels, _lastRun) = await Models.LoopAsync();
        }
        catch (NpgsqlException e)
        {
            _error = $"The model registry cannot be read: {e.Message}";
            return;
        }
        if ((_versions.LastOrDefault(v => v.IsChampion) ?? _versions.LastOrDefault()) is { } first)
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
        catch (NpgsqlException e)
        {
            _driftError = $"The drift of {version} cannot be computed: {e.Message}";
        }
    }
}
