using System.Security.Cryptography;

namespace ActionPlane.Web.Hosting;

/// <summary>
/// Keys the demo setup generates on first start and keeps in the data directory (never in the
/// repository or the logs), so tokens and rollback tokens survive a restart.
/// </summary>
public static class SecretStore
{
    /// <summary>Reads the key named <paramref name="name"/>, creating a random one of <paramref name="bytes"/> bytes first if absent.</summary>
    public static byte[] LoadOrCreate(string dataDirectory, string name, int bytes = 64)
    {
        var folder = Path.Combine(dataDirectory, "keys");
        var file = Path.Combine(folder, name + ".key");
        if (File.Exists(file))
            return Convert.FromBase64String(File.ReadAllText(file).Trim());

        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(folder);
        else
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var key = RandomNumberGenerator.GetBytes(bytes);
        // Written to a temporary file first, so a crash never leaves a half-written key behind.
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, file, overwrite: false);
        return key;
    }

    /// <summary>
    /// A key from configuration when set (at least 32 characters), else in the demo setup a generated
    /// one from the data directory; otherwise a clear error naming the setting.
    /// </summary>
    public static byte[] Resolve(IConfiguration configuration, IHostEnvironment environment, string settingPath, string keyName) =>
        System.Text.Encoding.UTF8.GetBytes(ResolveText(configuration, environment, settingPath, keyName));

    /// <summary>As <see cref="Resolve"/>, as text: the configured value, or a generated key in base64.</summary>
    public static string ResolveText(IConfiguration configuration, IHostEnvironment environment, string settingPath, string keyName)
    {
        var configured = configuration[settingPath];
        if (!string.IsNullOrEmpty(configured))
        {
            if (configured.Length < 32)
                throw new StartupConfigurationException($"{settingPath.Replace(":", "__", StringComparison.Ordinal)} must be at least 32 characters long.");
            return configured;
        }
        if (HostingSettings.DemoEnabled(configuration, environment))
            return Convert.ToBase64String(LoadOrCreate(HostingSettings.DataDirectory(configuration), keyName));
        throw new StartupConfigurationException(
            $"Set {settingPath.Replace(":", "__", StringComparison.Ordinal)} (at least 32 random characters); " +
            "only the demo setup generates one.");
    }
}
