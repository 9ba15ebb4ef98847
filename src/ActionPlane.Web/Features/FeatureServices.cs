using ActionPlane.Web.Features.Accounts;
using ActionPlane.Web.Features.Approvals;
using ActionPlane.Web.Features.Audit;
using ActionPlane.Web.Features.Csm;
using ActionPlane.Web.Features.Nudges;

namespace ActionPlane.Web.Features;

/// <summary>Registers one service per UI feature; each opens its own short-lived session per call.</summary>
public static class FeatureServices
{
    public static IServiceCollection AddActionPlaneFeatures(this IServiceCollection services)
    {
        services.AddScoped<CsmConsoleService>();
        services.AddScoped<ApprovalsService>();
        services.AddScoped<NudgesService>();
        services.AddScoped<AuditService>();
        services.AddScoped<Account360Service>();
        return services;
    }
}
