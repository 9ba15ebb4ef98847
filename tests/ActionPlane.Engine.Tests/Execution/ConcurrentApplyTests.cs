using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Execution;

/// <summary>
/// Guards against lost updates: the first apply is held inside the executor (holding the account's
/// apply lock) long enough for the second to read the stream at the same version and queue on the
/// lock, so when the second gets the lock only the expected-version check can stop it.
/// </summary>
public sealed class ConcurrentApplyTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    [Fact]
    public async Task Apply_InterleavedWithDifferentKeys_SecondSaveConflictsOnStreamVersion()
    {
        // Arrange
        var proposal = await H.ProposeAsync("csm_outreach");
        var applier = ApplierHeldAtExecutor(participants: 2);

        // Act
        var results = await Task.WhenAll(
            Attempt(() => applier.ApplyAsync(proposal.ProposalId, "a", LifecycleHarness.Csm)),
            Attempt(() => applier.ApplyAsync(proposal.ProposalId, "b", LifecycleHarness.Csm)));

        // Assert
        results.Count(r => r.Receipt is not null).Should().Be(1);
        results.Single(r => r.Error is not null).Error!.Kind.Should().Be(LifecycleErrorKind.Conflict);
        await using var session = H.Store.QuerySession();
        (await session.Query<CsmTask>().CountAsync()).Should().Be(1, "the loser's target change rolled back with its events");
        (await H.EventsAsync(proposal.ProposalId)).OfType<ActionApplied>().Should().ContainSingle();
    }

    [Fact]
    public async Task Apply_InterleavedWithTheSameKey_BothGetTheFirstReceipt()
    {
        var proposal = await H.ProposeAsync("csm_outreach");
        var applier = ApplierHeldAtExecutor(participants: 2);

        var results = await Task.WhenAll(
            Attempt(() => applier.ApplyAsync(proposal.ProposalId, "same", LifecycleHarness.Csm)),
            Attempt(() => applier.ApplyAsync(proposal.ProposalId, "same", LifecycleHarness.Csm)));

        results.Should().OnlyContain(r => r.Receipt != null);
        results.Select(r => r.Receipt!.RollbackToken.ToString()).Distinct().Should().ContainSingle();
        results.Count(r => r.Receipt!.Replayed).Should().Be(1);
        await using var session = H.Store.QuerySession();
        (await session.Query<CsmTask>().CountAsync()).Should().Be(1);
    }

    private ActionApplier ApplierHeldAtExecutor(int participants)
    {
        var gate = new HeldExecutor(new CsmTaskExecutor(), TimeSpan.FromSeconds(participants));
        return new ActionApplier(H.Store, H.Get<PolicyGate>(), new ActionExecutors([gate]), H.Get<RollbackTokenKey>(), H.Get<ActionPlaneEngineOptions>());
    }

    private static async Task<(ApplyReceipt? Receipt, LifecycleException? Error)> Attempt(Func<Task<ApplyReceipt>> apply)
    {
        try
        {
            return (await apply(), null);
        }
        catch (LifecycleException e)
        {
            return (null, e);
        }
    }

    /// <summary>The real executor, entered after a pause, while the other applies catch up.</summary>
    private sealed class HeldExecutor(IActionExecutor inner, TimeSpan hold) : IActionExecutor
    {
        public IReadOnlyCollection<string> ActionTypes => inner.ActionTypes;

        public Task<ExecutionOutcome> PreviewAsync(ActionExecution action, IQuerySession session, CancellationToken cancellationToken) =>
            inner.PreviewAsync(action, session, cancellationToken);

        public async Task<ExecutionOutcome> ApplyAsync(ActionExecution action, IDocumentSession session, CancellationToken cancellationToken)
        {
            await Task.Delay(hold, cancellationToken);
            return await inner.ApplyAsync(action, session, cancellationToken);
        }

        public Task<UndoCheck> CanUndoAsync(ActionExecution action, string targetId, IQuerySession session, CancellationToken cancellationToken) =>
            inner.CanUndoAsync(action, targetId, session, cancellationToken);

        public Task<ExecutionOutcome> UndoAsync(ActionExecution action, string targetId, IDocumentSession session, CancellationToken cancellationToken) =>
            inner.UndoAsync(action, targetId, session, cancellationToken);
    }
}
