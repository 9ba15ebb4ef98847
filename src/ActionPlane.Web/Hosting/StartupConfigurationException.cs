namespace ActionPlane.Web.Hosting;

/// <summary>
/// The host cannot start as configured; the message names the setting to fix. Program prints it as
/// one line and exits non-zero, without a stack trace.
/// </summary>
public sealed class StartupConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
