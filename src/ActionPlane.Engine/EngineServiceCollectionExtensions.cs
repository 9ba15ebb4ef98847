using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Nudges;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Simulation;
using ActionPlane.Engine.Storage;
using ActionPlane.Policies;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ActionPlane.Engine;

/// <summary>Registers the engine: Marten store, policy engine over the bundle, the catalog and the lifecycle services.</summary>
public static class EngineServiceCollectionExtensions
{
    public static IServiceCollection AddActionPlaneEngine(this IServiceCollection services, ActionPlaneEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        services.AddSingleton(options);
        services.TryAddSingleton(options.TimeProvider);
        services.AddMarten(store => ActionPlaneStore.Configure(store, options)).UseLightweightSessions();

        services.TryAddSingleton(ActionCatalog.Default);
        // A deployment with an OPA server registers its own IPolicyEngine before calling this.
        services.TryAddSingleton<IPolicyEngine>(_ => new EmbeddedPolicyEngine(PolicyBundle.Load(options.PoliciesDirectory), options.TimeProvider));
        services.AddSingleton(new RollbackTokenKey(options.RollbackTokenKey));

        foreach (var executor in ActionExecutors.BuiltIn())
            services.AddSingleton<IActionExecutor>(executor);
        services.AddSingleton<ActionExecutors>();

        services.AddSingleton<PolicyInputBuilder>();
        services.AddSingleton<PolicyGate>();
        services.AddSingleton<NextBestActionEngine>();
        services.AddSingleton<ActionSimulator>();
        services.AddSingleton<ActionApprover>();
        services.AddSingleton<ActionApplier>();
        services.AddSingleton<NudgeService>();
        services.AddSingleton<PreferenceService>();
        services.AddSingleton<DecisionLog>();
        services.AddSingleton<OutcomeRecorder>();
        return services;
    }
}
