using Marten;
using Npgsql;

namespace ActionPlane.Engine.Execution;

/// <summary>
/// Serialises applies per account: a PostgreSQL advisory lock held by the apply transaction until it
/// commits or rolls back. Caps are checked against counts read inside that transaction, so without
/// it two CSMs applying different proposals to one account at the same moment could both see the
/// account one below its cap and both apply. Applies on other accounts are not held up.
/// </summary>
internal static class AccountApplyLock
{
    // A fixed namespace for the two-key form, so these locks never collide with other advisory locks.
    private const int Namespace = 0x41504c31; // "APL1"

    /// <summary>Opens the session's transaction (if not yet open) and waits for the account's lock inside it.</summary>
    public static async Task AcquireAsync(IDocumentSession session, string schema, string accountId, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select pg_advisory_xact_lock(@ns, hashtext(@key))", session.Connection);
        command.Parameters.AddWithValue("ns", Namespace);
        command.Parameters.AddWithValue("key", $"{schema}:{accountId}");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
