using Marten;
using Npgsql;

namespace ActionPlane.Engine.Execution;

/// <summary>
/// Serialises applies per account: a PostgreSQL advisory lock held by the apply transaction until it
/// commits or rolls back. Caps are checked against counts read inside that transaction, so without
/// it two CSMs applying different proposals to one account at the same moment could both see the
/// account one below its cap and both apply. Applies on other accounts are not held up. Proposes of
/// one account are serialised the same way under a lock of their own.
/// </summary>
internal static class AccountApplyLock
{
    // A fixed namespace for the two-key form, so these locks never collide with other advisory locks.
    private const int Namespace = 0x41504c31; // "APL1"
    // Its own namespace, so no account id can hash onto the budget's key.
    private const int BudgetNamespace = 0x41504c32; // "APL2"
    // Proposing has a lock of its own: a propose waits for another propose of the account, never for an apply.
    private const int ProposeNamespace = 0x41504c33; // "APL3"

    /// <summary>Opens the session's transaction (if not yet open) and waits for the account's lock inside it.</summary>
    public static Task AcquireAsync(IDocumentSession session, string schema, string accountId, CancellationToken cancellationToken) =>
        AcquireAsync(session, Namespace, $"{schema}:{accountId}", shared: false, cancellationToken);

    /// <summary>
    /// <see cref="AcquireAsync(IDocumentSession, string, string, CancellationToken)"/> for many accounts in one round trip
    /// (the weekly run's expiry of a whole tenant's lapsed proposals). Everyone else holds one account's lock, and
    /// waits for nothing under it that this holder holds; two holders of many take theirs in the same (key) order.
    /// So this never deadlocks.
    /// </summary>
    public static async Task AcquireManyAsync(IDocumentSession session, string schema, IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select pg_advisory_xact_lock(@ns, k) from (select distinct hashtext(@schema || ':' || a) as k from unnest(@accounts) as a order by 1) as keys",
            session.Connection);
        command.Parameters.AddWithValue("ns", Namespace);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("accounts", accountIds.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Serialises the engine's proposes of one account (a CSM's Suggest, the weekly decision run, two CSMs): each
    /// reads the account's open proposals and writes a decision only where none is open, so two at once would both
    /// read none and both write one. Held by the propose transaction until it commits. A propose holding it may wait
    /// for the account's apply lock (the expiry it runs first, in a session of its own), never the other way round, so
    /// the two never deadlock.
    /// </summary>
    public static Task AcquireProposeAsync(IDocumentSession session, string schema, string accountId, CancellationToken cancellationToken) =>
        AcquireAsync(session, ProposeNamespace, $"{schema}:{accountId}", shared: false, cancellationToken);

    /// <summary>
    /// The tenant's weekly budget, taken after the account's lock (always in that order, so the two
    /// never deadlock). The budget spans accounts, so the account lock alone would let an unattended
    /// apply read the week's spend while a CSM's apply on another account is about to commit, and
    /// both would land past the budget. Unattended applies (the autopilot, service tokens: the only
    /// ones budget.rego limits) take it exclusively; a person's apply takes it shared, so CSMs never
    /// wait for each other, only an unattended apply waits for them and they for it.
    /// </summary>
    public static Task AcquireBudgetAsync(IDocumentSession session, string schema, bool exclusive, CancellationToken cancellationToken) =>
        AcquireAsync(session, BudgetNamespace, $"{schema}:weekly-budget", shared: !exclusive, cancellationToken);

    private static async Task AcquireAsync(IDocumentSession session, int ns, string key, bool shared, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        var function = shared ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
        await using var command = new NpgsqlCommand($"select {function}(@ns, hashtext(@key))", session.Connection);
        command.Parameters.AddWithValue("ns", ns);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
