using Marten;
using Npgsql;

namespace ActionPlane.Engine.Storage;

/// <summary>
/// One long-running job of a kind at a time across every app instance on the database (a retraining run, a
/// decision run): a PostgreSQL session-level advisory lock, named per schema, held on a connection of its own for
/// the length of the job. Marten's distributed lock is not usable with the stand-in DistributedLock package
/// (DESIGN.md), so this is plain Npgsql.
/// </summary>
public sealed class SessionAdvisoryLock : IAsyncDisposable
{
    // A fixed namespace for the two-key form, so these locks never collide with the apply locks ("APL1").
    private const int Namespace = 0x41505254; // "APRT"

    private readonly NpgsqlConnection _connection;
    private readonly string _key;

    private SessionAdvisoryLock(NpgsqlConnection connection, string key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>The lock named <paramref name="name"/> when nobody holds it; null when another job (here or on another instance) does.</summary>
    public static async Task<SessionAdvisoryLock?> TryAcquireAsync(IDocumentStore store, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var key = $"{store.Options.DatabaseSchemaName}:{name}";
        var connection = store.Storage.Database.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select pg_try_advisory_lock(@ns, hashtext(@key))", connection);
            command.Parameters.AddWithValue("ns", Namespace);
            command.Parameters.AddWithValue("key", key);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
                return new SessionAdvisoryLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Unlock explicitly: a pooled connection keeps a session lock until its next reuse resets it.
            await using var command = new NpgsqlCommand("select pg_advisory_unlock(@ns, hashtext(@key))", _connection);
            command.Parameters.AddWithValue("ns", Namespace);
            command.Parameters.AddWithValue("key", _key);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // Clearing the pool while this connection is open makes its dispose close it for real, and the
            // server drops a session's locks with the session.
            NpgsqlConnection.ClearPool(_connection);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
