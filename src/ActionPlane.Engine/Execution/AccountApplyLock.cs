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
    // Its own namespace, so no account id can hash onto the budget's key.
    private const int BudgetNamespace = 0x41504c32; // "APL2"

    /// <summary>Opens the session's transaction (if not yet open) and waits for the account's lock inside it.</summary>
    public static async Task AcquireAsync(IDocumentSession session, string schema, string accountId, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select pg_advisory_xact_lock(@ns, hashtext(@key))", session.Connection);
        command.Parameters.AddWithValue("ns", Namespace);
        command.Parameters.AddWithValue("key", $"{schema}:{accountId}");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The tenant's weekly budget, taken after the account's lock (always in that order, so the two
    /// never deadlock). The budget spans accounts, so the account lock alone would let an unattended
    /// apply read the week's spend while a CSM's apply on another account is about to commit, and
    /// both would land past the budget. Unattended applies (the autopilot, service tokens: the only
    /// ones budget.rego limits) take it exclusively; a person's apply takes it shared, so CSMs never
    /// wait for each other, only an unattended apply waits for them and they for it.
    /// </summary>
    public static async Task AcquireBudgetAsync(IDocumentSession session, string schema, bool exclusive, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        var function = exclusive ? "pg_advisory_xact_lock" : "pg_advisory_xact_lock_shared";
        await using var command = new NpgsqlCommand($"select {function}(@ns, hashtext(@key))", session.Connection);
        command.Parameters.AddWithValue("ns", BudgetNamespace);
        command.Parameters.AddWithValue("key", $"{schema}:weekly-budget");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
