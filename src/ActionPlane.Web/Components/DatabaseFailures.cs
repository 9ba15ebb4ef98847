using System.Net.Sockets;
using Marten.Exceptions;
using Npgsql;

namespace ActionPlane.Web.Components;

/// <summary>
/// Tells a database that did not answer (refused, timed out, dropped) or answered with an error
/// from a bug, so a page can show its own error state with "Try again" for the first and still fail
/// loudly for the second.
/// </summary>
public static class DatabaseFailures
{
    public const string Reason = "The database did not answer.";

    /// <summary>
    /// True when <paramref name="exception"/> or anything it wraps is a connection, timeout or
    /// Marten failure (Marten wraps Npgsql; other layers wrap Marten).
    /// </summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException or TimeoutException or SocketException or MartenException)
                return true;
        }
        return false;
    }

    /// <summary>"{what} could not be read: {reason}. Nothing was changed; try again in a moment."</summary>
    public static string Describe(string what, Exception e) =>
        $"{what} could not be read: {e.Message.TrimEnd('.', ' ')}. Nothing was changed; try again in a moment.";
}
