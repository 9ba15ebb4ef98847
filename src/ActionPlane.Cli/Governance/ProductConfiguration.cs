using Microsoft.Extensions.Configuration;

namespace ActionPlane.Cli.Governance;

/// <summary>
/// The product's configuration as the command line sees it: an appsettings-shaped JSON file (<c>--config</c>, e.g.
/// the deployment's appsettings.json) overridden by the environment (<c>ActionPlane__Decisioning__Epsilon=…</c>),
/// the keys and the order the Web host reads them in, so a command values what the running product does.
/// </summary>
internal static class ProductConfiguration
{
    public static IConfiguration Load(string? file)
    {
        var builder = new ConfigurationBuilder();
        if (!string.IsNullOrWhiteSpace(file))
        {
            var full = Path.GetFullPath(file);
            if (!File.Exists(full))
                throw new ArgumentException($"--config: there is no file '{file}'.");
            builder.AddJsonFile(full, optional: false);
        }
        try
        {
            return builder.AddEnvironmentVariables().Build();
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException($"--config: '{file}' is not a JSON settings file ({e.InnerException?.Message ?? e.Message}).", e);
        }
    }
}
