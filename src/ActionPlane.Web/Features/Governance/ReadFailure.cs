using Marten.Exceptions;
using Npgsql;

namespace ActionPlane.Web.Features.Governance;

/// <summary>
/// The failures a governance page shows as its own error state (what could not be read, and a
/// retry) instead of Blazor's generic "An unhandled error has occurred" banner: the database did not
/// answer, or answered with an error. Anything else is a bug and should surface as one.
/// </summary>
public static class ReadFailure
{
    public static bool IsUnavailable(Exception e) => e is NpgsqlException or TimeoutException or MartenException;

    /// <summary>"{what} could not be read: {reason}. Nothing was changed; try again."</summary>
    public static string Describe(string what, Exception e) =>
        $"{what} could not be read: {e.Message.TrimEnd('.', ' ')}. Nothing was changed; try again in a moment.";
}
