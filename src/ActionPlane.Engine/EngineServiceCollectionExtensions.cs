using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Metrics;
using ActionPlane.Engine.Nudges;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Simulation;
using ActionPlane.Engine.Storage;
using ActionPlane.Policies;
using ActionPlane.Policies.DecisionLogs;
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
        // OPA when OpaUrl is set, else the bundle folder reloaded on change. An IPolicyEngine
        // registered before this call still wins (tests, custom engines).
        services.TryAddSingleton<IPolicyEngine>(_ => options.ToPolicyEngineOptions().CreateEngine(timeProvider: options.TimeProvider));
        services.TryAddSingleton(sp => new DecisionLogger(sp.GetRequiredService<IPolicyEngine>(), options.TimeProvider));
        services.AddSingleton(new RollbackTokenKey(options.RollbackTokenKey));

        foreach (var executor in ActionExecutors.BuiltIn())
            services.AddSingleton<IActionExecutor>(executor);
        services.AddSingleton<ActionExecutors>();

        services.AddSingleton<BundleLimits>();
        services.AddSingleton<ActionTypeMetricsCache>();
        services.AddSingleton<PolicyInputBuilder>();
        services.AddSingleton<PolicyGate>();
        services.AddSingleton<NextBestActionEngine>();
        services.AddSingleton<ProposalExpirer>();
        services.AddSingleton<DecisionRunner>();
        services.AddSingleton<ActionSimulator>();
        services.AddSingleton<ActionApprover>();
        services.AddSingleton<ProposalEditor>();
        services.AddSingleton<ActionApplier>();
        services.AddSingleton<Autopilot.UnattendedRunner>();
        services.AddSingleton<NudgeService>();
        services.AddSingleton<PreferenceService>();
        services.AddSingleton<DecisionLog>();
        services.AddSingleton<OutcomeRecorder>();
        services.AddSingleton<PolicyRevisionStore>();
        services.AddSingleton<DecisionReplayer>();
        services.AddSingleton<ParityAnalyzer>();
        services.AddSingleton<Models.Drift.DriftAnalyzer>();
        services.AddSingleton<ActionMetricsQuery>();
        services.AddSingleton<ActionPlane.Engine.Outcomes.OutcomeObserver>();
        services.AddSingleton<ActionPlane.Engine.Training.UpliftRetrainer>();
        services.AddSingleton<ActionPlane.Engine.Training.ChurnRetrainer>();
        services.AddSingleton(sp => new ActionPlane.Engine.Decisioning.OffPolicy.DecisionLogEvaluator(sp.GetRequiredService<Marten.IDocumentStore>(), options.Decisioning.Arbitration));
        services.AddSingleton<ActionPlane.Engine.Training.ScheduledRetrainer>();
        return services;
    }
}
