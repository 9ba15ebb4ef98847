using ActionPlane.Web.Features.Embed;

namespace ActionPlane.Web.Http;

/// <summary>
/// Who may put our pages in a frame. Nothing may, except the embeddable nudge panel under
/// <c>/embed</c>, which the host SaaS origins listed in <c>ActionPlane:Embed:AllowedOrigins</c>
/// (and this site) may frame. Without it every page could be clickjacked.
/// </summary>
public static class FramingPolicy
{
    public static IApplicationBuilder UseFramingPolicy(this IApplicationBuilder app, IConfiguration configuration)
    {
        var hosts = EmbedSettings.AllowedOrigins(configuration);
        var embedAncestors = string.Join(' ', ["'self'", .. hosts]);
        return app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            if (context.Request.Path.StartsWithSegments("/embed"))
            {
                headers.ContentSecurityPolicy = $"frame-ancestors {embedAncestors}";
            }
            else
            {
                headers.ContentSecurityPolicy = "frame-ancestors 'none'";
                headers.XFrameOptions = "DENY";
            }
            await next();
        });
    }
}
