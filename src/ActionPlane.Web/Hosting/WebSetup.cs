using ActionPlane.Web.Api;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Components;
using ActionPlane.Web.Features;
using ActionPlane.Web.Features.Admin;
using ActionPlane.Web.Features.Autopilot;
using ActionPlane.Web.Features.DecisionRuns;
using ActionPlane.Web.Features.Governance;
using ActionPlane.Web.Features.ModelsRegistry;
using ActionPlane.Web.Hosting.Preparation;
using ActionPlane.Web.Http;
using MudBlazor.Services;

namespace ActionPlane.Web.Hosting;

/// <summary>The web host's composition: one call to add its services, one to build its pipeline.</summary>
public static class WebSetup
{
    public static WebApplicationBuilder AddActionPlaneWeb(this WebApplicationBuilder builder)
    {
        builder.AddActionPlaneEngine();
        builder.Services.AddActionPlaneAuth(builder.Configuration, builder.Environment);
        builder.Services.AddActionPlaneHttp();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddActionPlaneFeatures();
        builder.Services.AddActionPlaneGovernance();
        builder.Services.AddActionPlaneAdmin();
        return builder;
    }

    public static WebApplication UseActionPlaneWeb(this WebApplication app)
    {
        app.UseExceptionHandler();
        // A mistyped or stale page address gets the app's "nothing at this address" page, not the browser's bare
        // error. Re-execution needs routing after it (routing picks /not-found), so routing is placed explicitly.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseRouting();
        app.UseOperationTiming();
        app.UseFramingPolicy(app.Configuration);
        // Until the demo is prepared: pages show its progress, API calls answer 503 (after routing: it reads endpoints).
        app.UseDemoPreparationGate();
        // Empty API error responses (404, 405, ...) get a problem details body too; pages keep theirs.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapActionPlaneHttp();
        app.MapDemoPreparation();
        // Every endpoint and page below is authorized by the Rego bundle, operation by operation (Auth/OperationMap).
        var secured = app.MapGroup("").AuthorizeOperations();
        secured.MapAuthEndpoints();
        secured.MapActionPlaneApi();
        secured.MapAuditDownloads();
        secured.MapActionPlaneGovernance();
        secured.MapTokenEndpoints();
        secured.MapRetrainEndpoints();
        secured.MapAutopilotEndpoints();
        secured.MapDecisionRunEndpoints();
        // Framing headers come from UseFramingPolicy (the embed route differs), not from Blazor's default.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null).AuthorizeOperations();
        return app;
    }
}
