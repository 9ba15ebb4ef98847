using System.Text.Json.Nodes;

namespace ActionPlane.Policies.DecisionLogs;

/// <summary>
/// Turns a gate decision into the masked, OPA-shaped record stored with the proposal's decision
/// record: build the entry, then apply <c>data.system.log.mask</c> from the same engine.
/// </summary>
public sealed class DecisionLogger(IPolicyEngine engine, TimeProvider? timeProvider = null, string bundleName = DecisionLogEntry.DefaultBundleName)
{
    private readonly DecisionLogMasker _masker = new(engine);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public ValueTask<DecisionLogEntry> CreateEntryAsync(PolicyDecision decision, JsonObject input, CancellationToken cancellationToken = default) =>
        _masker.MaskAsync(DecisionLogEntry.FromDecision(decision, input, _time.GetUtcNow(), DecisionLogEntry.GatePath, bundleName), cancellationToken);
}
