using System.Globalization;
using ActionPlane.Engine;
using ActionPlane.Engine.Storage;
using ActionPlane.Policies;
using ActionPlane.Policies.Opa;
using ActionPlane.Web.Hosting.Preparation;

namespace ActionPlane.Web.Hosting;

/// <summary>Wires the Engine from configuration; the demo tenant is prepared in the background while the server already answers.</summary>
public static class EngineSetup
{
    public static WebApplicationBuilder AddActionPlaneEngine(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var options = new ActionPlaneEngineOptions
        {
            ConnectionString = configuration.GetConnectionString(HostingSettings.ConnectionStringName)
                ?? throw new StartupConfigurationException("ConnectionStrings__ActionPlane is not set and no private cluster was started."),
            RollbackTokenKey = SecretStore.ResolveText(configuration, builder.Environment, "ActionPlane:RollbackTokenKey", "rollback-token"),
        };
        if (configuration["ActionPlane:SchemaName"] is { Length: > 0 } schema)
            options.SchemaName = schema;
        if (configuration["ActionPlane:PoliciesDirectory"] is { Length: > 0 } policies)
            options.PoliciesDirectory = Path.GetFullPath(policies);
        ReadPolicySettings(configuration, options);
        DecisioningSettings.Read(configuration, options.Decisioning);
        try
        {
            builder.Services.AddActionPlaneEngine(options);
            // Read here so a bad demo setting stops the start naming the key, not the background preparation.
            var demo = HostingSettings.DemoEnabled(configuration, builder.Environment) ? DemoSettings.Read(configuration) : null;
            builder.Services.AddSingleton(sp => new DemoPreparation(demo is not null, sp.GetRequiredService<TimeProvider>()));
            if (demo is not null)
            {
                builder.Services.AddSingleton(demo);
                builder.Services.AddHostedService<DemoPreparationService>();
            }
            builder.Services.AddHostedService<OutcomeObserverService>();
            builder.Services.AddSingleton(RetrainSettings.Read(configuration));
            builder.Services.AddHostedService<RetrainSchedulerService>();
            builder.Services.AddSingleton(AutopilotSettings.Read(configuration, builder.Environment));
            builder.Services.AddHostedService<AutopilotService>();
            builder.Services.AddSingleton(DecisionRunSettings.Read(configuration));
            builder.Services.AddSingleton<DecisionRunHost>();
            builder.Services.AddHostedService<DecisionRunSchedulerService>();
        }
        catch (ArgumentException e)
        {
            // The Engine names the option; say it the way the operator configures it.
            throw new StartupConfigurationException($"Invalid ActionPlane configuration: {e.Message}", e);
        }
        return builder;
    }

    // ActionPlane:Policy:OpaUrl (a real OPA server instead of the embedded engine),
    // :OpaTimeoutSeconds (per request, fail closed past it) and :Watch (reload the bundle on change).
    private static void ReadPolicySettings(IConfiguration configuration, ActionPlaneEngineOptions options)
    {
        var section = configuration.GetSection("ActionPlane:Policy");
        if (section["OpaUrl"] is { Length: > 0 } opaUrl)
            options.OpaUrl = opaUrl;
        if (section["OpaTimeoutSeconds"] is { Length: > 0 } timeout)
        {
            if (!double.TryParse(timeout, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds is > 0 and <= 300))
                throw new StartupConfigurationException($"ActionPlane:Policy:OpaTimeoutSeconds must be a number of seconds between 0 and 300, got '{timeout}'.");
            options.OpaTimeout = TimeSpan.FromSeconds(seconds);
        }
        if (section["Watch"] is { Length: > 0 } watch)
        {
            if (!bool.TryParse(watch, out var on))
                throw new StartupConfigurationException($"ActionPlane:Policy:Watch must be true or false, got '{watch}'.");
            options.WatchPolicies = on;
        }
    }

    /// <summary>
    /// Before listening: the policy bundle's revision (from the OPA server when there is one). The demo tenant (schema,
    /// seed, first models, simulated history) is prepared by <see cref="DemoPreparationService"/> once the app runs; until
    /// it is ready, pages show its progress and API calls answer 503 (<see cref="PreparationGate"/>).
    /// </summary>
    public static async Task PrepareActionPlaneAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var policies = app.Services.GetRequiredService<IPolicyEngine>();
        if (policies is OpaHttpPolicyEngine opa)
            await opa.RefreshRevisionAsync(cancellationToken);
        Console.WriteLine($"actionplane: policy bundle revision {policies.Revision}");
        if (!app.Services.GetRequiredService<DemoPreparation>().IsReady)
            Console.WriteLine("actionplane: preparing the demo in the background; the app answers meanwhile and its pages show the progress.");
    }
}
