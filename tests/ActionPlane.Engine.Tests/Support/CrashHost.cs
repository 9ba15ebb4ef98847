using System.Diagnostics;
using ActionPlane.Engine.Autopilot;
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
/// crash-apply …</c> or <c>crash-autopilot …</c>): applies a proposal and parks forever at a chosen point of the apply
/// transaction, saying so on stdout, so a test can SIGKILL it there. xunit does not use this Main.
/// </summary>
public static class CrashHost
{
    public const string Ready = "PARKED";

    /// <summary>Where the child stops: after Marten's batch ran but before COMMIT, or right after COMMIT.</summary>
    public enum Point { BeforeCommit, AfterCommit }

    public static async Task<int> Main(string[] args)
    {
        // crash-apply: a CSM applies one proposal. crash-autopilot: an autopilot run (the system actor, under a weekly
        // budget, so its applies take the budget lock exclusively) applies what it finds.
        var (mode, point, schema, now, rest) = args is [var m, var p, var s, var n, .. var r] ? (m, p, s, n, r) : ("", "", "", "", []);
        if (!(mode == "crash-apply" && rest is [_] || mode == "crash-autopilot" && rest is [_]))
        {
            await Console.Error.WriteLineAsync("usage: crash-apply BeforeCommit|AfterCommit SCHEMA NOW PROPOSAL_ID | crash-autopilot BeforeCommit|AfterCommit SCHEMA NOW WEEKLY_BUDGET"
                + " (connection string in AP_CRASH_CONNECTION)");
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
        if (mode == "crash-autopilot")
            options.Decisioning.WeeklyBudget = decimal.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture);
        await using var services = new ServiceCollection().AddLogging().AddActionPlaneEngine(options).BuildServiceProvider();
        var parking = Enum.Parse<Point>(point);
        var executors = new ActionExecutors(ActionExecutors.BuiltIn().Select(e => (IActionExecutor)new ParkingExecutor(e, parking)));
        var store = services.GetRequiredService<IDocumentStore>();
        var applier = new ActionApplier(store, services.GetRequiredService<PolicyGate>(), executors, services.GetRequiredService<RollbackTokenKey>(), options);
        if (mode == "crash-apply")
            await applier.ApplyAsync(Guid.Parse(rest[0]), "crash", new Actor("csm@demo.local", ["csm"]));
        else
            await new UnattendedRunner(store, applier, options).RunAsync();
        return 0; // never reached: the parent kills us while parked
    }

    /// <summary>
    /// Runs this assembly as a child in <paramref name="mode"/>, waits until it is parked at <paramref name="point"/>,
    /// and SIGKILLs it there: no finally blocks, no disposal, no rollback call.
    /// </summary>
    public static async Task RunAndKillAsync(string connectionString, string mode, Point point, string schema, DateTimeOffset now, string last)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { typeof(CrashHost).Assembly.Location, mode, point.ToString(), schema, now.ToString("O"), last })
            start.ArgumentList.Add(arg);
        start.Environment["AP_CRASH_CONNECTION"] = connectionString;

        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            string? line;
            while ((line = await child.StandardOutput.ReadLineAsync(timeout.Token)) is not null && !line.EndsWith(Ready, StringComparison.Ordinal))
            {
            }
            // stderr is read only once the child has ended (it never does while parked).
            if (line is null)
                throw new Xunit.Sdk.XunitException($"The child ended before reaching the parking point: {await stderr}");
        }
        finally
        {
            child.Kill(entireProcessTree: true); // SIGKILL on Linux
            await child.WaitForExitAsync();
        }
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
