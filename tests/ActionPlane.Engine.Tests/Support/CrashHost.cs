using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Storage;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace ActionPlane.Engine.Tests.Support;

/// <summary>
/// Entry point of this test assembly when run as a process (<c>dotnet ActionPlane.Engine.Tests.dll
/// crash-apply …</c>): applies one proposal and parks forever at a chosen point of the apply
/// transaction, saying so on stdout, so a test can SIGKILL it there. xunit does not use this Main.
/// </summary>
public static class CrashHost
{
    public const string Ready = "PARKED";

    /// <summary>Where the child stops: after Marten's batch ran but before COMMIT, or right after COMMIT.</summary>
    public enum Point { BeforeCommit, AfterCommit }

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["crash-apply", var point, var schema, var proposalId, var now])
        {
            await Console.Error.WriteLineAsync("usage: crash-apply BeforeCommit|AfterCommit SCHEMA PROPOSAL_ID NOW (connection string in AP_CRASH_CONNECTION)");
            return 2;
        }
        var options = new ActionPlaneEngineOptions
        {
            ConnectionString = Environment.GetEnvironmentVariable("AP_CRASH_CONNECTION") ?? "",
            SchemaName = schema,
            RollbackTokenKey = "test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            TimeProvider = new FakeTimeProvider(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)),
            WatchPolicies = false,
        };
        await using var services = new ServiceCollection().AddLogging().AddActionPlaneEngine(options).BuildServiceProvider();
        var parking = Enum.Parse<Point>(point);
        var executors = new ActionExecutors(ActionExecutors.BuiltIn().Select(e => (IActionExecutor)new ParkingExecutor(e, parking)));
        var applier = new ActionApplier(services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<PolicyGate>(), executors,
            services.GetRequiredService<RollbackTokenKey>(), options);
        await applier.ApplyAsync(Guid.Parse(proposalId), "crash", new Actor("csm@demo.local", ["csm"]));
        return 0; // never reached: the parent kills us while parked
    }

    /// <summary>The real executor, plus a transaction participant that parks the process at the chosen point.</summary>
    private sealed class ParkingExecutor(IActionExecutor inner, Point point) : IActionExecutor
    {
        public IReadOnlyCollection<string> ActionTypes => inner.ActionTypes;

        public Task<ExecutionOutcome> PreviewAsync(ActionExecution action, IQuerySession session, CancellationToken cancellationToken) =>
            inner.PreviewAsync(action, session, cancellationToken);

        public async Task<ExecutionOutcome> ApplyAsync(ActionExecution action, IDocumentSession session, CancellationToken cancellationToken)
        {
            ((ITransactionParticipantRegistrar)session).AddTransactionParticipant(new Parker(point));
            return await inner.ApplyAsync(action, session, cancellationToken);
        }

        public Task<UndoCheck> CanUndoAsync(ActionExecution action, string targetId, IQuerySession session, CancellationToken cancellationToken) =>
            inner.CanUndoAsync(action, targetId, session, cancellationToken);

        public Task<ExecutionOutcome> UndoAsync(ActionExecution action, string targetId, IDocumentSession session, CancellationToken cancellationToken) =>
            inner.UndoAsync(action, targetId, session, cancellationToken);
    }

    private sealed class Parker(Point point) : ITransactionParticipant
    {
        public async Task BeforeCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken token)
        {
            if (point == Point.BeforeCommit)
                await ParkAsync();
        }

        public async Task AfterCommitAsync(CancellationToken token)
        {
            if (point == Point.AfterCommit)
                await ParkAsync();
        }

        private static async Task ParkAsync()
        {
            await Console.Out.WriteLineAsync(Ready);
            await Console.Out.FlushAsync();
            await Task.Delay(Timeout.Infinite);
        }
    }
}
