namespace ActionPlane.Engine.Tests.Support;

/// <summary>Base for integration tests: a fresh harness (own schema) per test, dropped afterwards.</summary>
[Collection(PostgresCollection.Name)]
public abstract class HarnessTest(PostgresFixture postgres) : IAsyncLifetime
{
    private LifecycleHarness? _harness;

    protected LifecycleHarness H => _harness ?? throw new InvalidOperationException("Harness not started.");

    protected virtual ActionPlane.Engine.Models.RiskTier Tier => ActionPlane.Engine.Models.RiskTier.High;

    /// <summary>Adjusts the engine options before the harness starts (e.g. a bundle copy); nothing by default.</summary>
    protected virtual void Configure(ActionPlane.Engine.Storage.ActionPlaneEngineOptions options)
    {
    }

    public async Task InitializeAsync() =>
        _harness = await LifecycleHarness.StartAsync(postgres, $"t_{GetType().Name.ToLowerInvariant()}_{Guid.NewGuid():N}"[..40], Tier, Configure);

    public async Task DisposeAsync()
    {
        if (_harness is not null)
            await _harness.DisposeAsync();
    }
}
