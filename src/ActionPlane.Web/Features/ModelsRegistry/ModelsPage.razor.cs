using Microsoft.AspNetCore.Components;
using Npgsql;

namespace ActionPlane.Web.Features.ModelsRegistry;

/// <summary>The reviewer's model registry: versions, metrics across versions, champion and model cards.</summary>
public sealed partial class ModelsPage
{
    private IReadOnlyList<ModelVersionSummary>? _versions;
    private string? _error;

    [Inject]
    private ModelRegistryService Models { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _versions = await Models.ListAsync();
        }
        catch (NpgsqlException e)
        {
            _error = $"The model registry cannot be read: {e.Message}";
        }
    }
}
