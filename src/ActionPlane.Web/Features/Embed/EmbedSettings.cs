namespace ActionPlane.Web.Features.Embed;

/// <summary>
/// <c>ActionPlane:Embed:AllowedOrigins</c>: the host SaaS origins that may frame <c>/embed</c>.
/// Read by the framing policy (who may frame) and the sign-in cookie (sent into their frames).
/// </summary>
public static class EmbedSettings
{
    public const string AllowedOriginsKey = "ActionPlane:Embed:AllowedOrigins";

    public static string[] AllowedOrigins(IConfiguration configuration) =>
        [.. (configuration.GetSection(AllowedOriginsKey).Get<string[]>() ?? []).Where(o => !string.IsNullOrWhiteSpace(o))];
}
