using ActionPlane.Engine.Proposals;

namespace ActionPlane.Web.Hosting;

/// <summary>
/// The host's side of <see cref="DecisioningConfiguration"/> (<c>ActionPlane:Decisioning:*</c>, shared with the
/// command line): a bad value stops the start naming the key.
/// </summary>
public static class DecisioningSettings
{
    public static void Read(IConfiguration configuration, DecisioningOptions options) =>
        AtStartup(() => DecisioningConfiguration.Read(configuration, options));

    /// <summary>The number at <paramref name="key"/> of <paramref name="section"/>, or <paramref name="current"/> when unset; out of range stops the start naming the key.</summary>
    internal static double Number(IConfigurationSection section, string key, double current, double min, double max, bool integer = false)
    {
        var value = current;
        AtStartup(() => value = DecisioningConfiguration.Number(section, key, current, min, max, integer));
        return value;
    }

    private static void AtStartup(Action read)
    {
        try
        {
            read();
        }
        catch (ArgumentException e)
        {
            throw new StartupConfigurationException(e.Message, e);
        }
    }
}
