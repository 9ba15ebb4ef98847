using ActionPlane.Engine.Storage;

namespace ActionPlane.Web.Hosting;

/// <summary>Reads the few host settings several parts of the web app agree on.</summary>
public static class HostingSettings
{
    /// <summary>Name of the connection string (<c>ConnectionStrings__ActionPlane</c>).</summary>
    public const string ConnectionStringName = "ActionPlane";

    /// <summary>
    /// The folder for the private cluster and generated demo keys: <c>ActionPlane:DataDirectory</c>,
    /// else the launcher's default.
    /// </summary>
    public static string DataDirectory(IConfiguration configuration) =>
        configuration["ActionPlane:DataDirectory"] is { Length: > 0 } folder
            ? Path.GetFullPath(folder)
            : PostgresLauncherOptions.DefaultDataDirectory();

    /// <summary>
    /// The demo setup (demo users, generated keys, demo tenant) runs only when switched on and never
    /// in Production, so a misconfigured production host cannot expose password "demo".
    /// </summary>
    public static bool DemoEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool>("ActionPlane:Demo:Enabled") && !environment.IsProduction();
}
