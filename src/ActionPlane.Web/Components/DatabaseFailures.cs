using System.Net.Sockets;
using Npgsql;

namespace ActionPlane.Web.Components;

/// <summary>
/// Tells a database that did not answer (refused, timed out, dropped) from a bug, so a page can
/// show its own error state with "Try again" for the first and still fail loudly for the second.
/// </summary>
public static class DatabaseFailures
{
    public const string Reason = "The database did not answer.";

    /// <summary>True when <paramref name="exception"/> or anything it wraps (Marten wraps Npgsql) is a connection or timeout failure.</summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException or TimeoutException or SocketException)
                return true;
        }
        return false;
    }
}
