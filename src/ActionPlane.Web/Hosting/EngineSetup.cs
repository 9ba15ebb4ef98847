using System.Diagnostics;
using ActionPlane.Engine;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Storage;
using ActionPlane.Policies;
using Marten;

namespace ActionPlane.Web.Hosting;

/// <summary>Wires the Engine from configuration and prepares the demo tenant before the server listens.</summary>
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
        try
        {
            builder.Services.AddActionPlaneEngine(options);
        }
        catch (ArgumentException e)
        {
            // The Engine names the option; say it the way the operator configures it.
            throw new StartupConfigurationException($"Invalid ActionPlane configuration: {e.Message}", e);
        }
        return builder;
    }

    /// <summary>
    /// In the demo setup: creates the schema, seeds the demo tenant and trains the first churn model,
    /// printing progress, so the first page a new user opens has data. Idempotent: a second start
    /// only checks and is quick.
    /// </summary>
    public static async Task PrepareActionPlaneAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var policies = app.Services.GetRequiredService<IPolicyEngine>();
        Console.WriteLine($"actionplane: policy bundle revision {policies.Revision}");
        if (!HostingSettings.DemoEnabled(app.Configuration, app.Environment))
            return;

        var store = app.Services.GetRequiredService<IDocumentStore>();
        var seeder = new DemoTenantSeeder(app.Services.GetRequiredService<TimeProvider>());
        await seeder.SeedAsync(store, new DemoSeedOptions(), message => Console.WriteLine($"actionplane: {message}"), cancellationToken);
        Console.WriteLine($"actionplane: demo tenant ready in {clock.Elapsed.TotalSeconds:F1} s; sign in as csm@demo.local / demo.");
    }
}
