using System.Collections.Concurrent;
using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Storage;
using ActionPlane.Policies;

namespace ActionPlane.Web.Features.Policies;

/// <summary>
/// The reviewer's read-only view of the active Rego bundle: its files with their source, its
/// revision, and the result of the bundle's own <c>*_test.rego</c> tests (run once per revision).
/// </summary>
public sealed class PolicyBrowserService(ActionPlaneEngineOptions options, IPolicyEngine engine, PolicyRevisionStore revisions)
{
    private readonly ConcurrentDictionary<string, Lazy<PolicyTestReport>> _reports = new();

    /// <summary>The bundle on disk now: what the embedded engine loads (and reloads) decisions from.</summary>
    public PolicyBundleSnapshot GetBundle()
    {
        var bundle = PolicyBundle.Load(options.PoliciesDirectory);
        var files = bundle.Files
            .Select(f => new PolicyFileSource(f, File.ReadAllText(Path.Combine(bundle.Directory!, f)), f.EndsWith("_test.rego", StringComparison.Ordinal)))
            .ToList();
        return new PolicyBundleSnapshot(bundle.Revision, engine.Revision, files);
    }

    /// <summary>Runs the bundle's Rego tests like <c>opa test</c>; a revision already run is answered from memory.</summary>
    public Task<PolicyTestSummary> RunTestsAsync(CancellationToken cancellationToken = default) =>
        // The runner is synchronous and CPU-bound; keep it off the circuit's or request's thread.
        Task.Run(() =>
        {
            var bundle = PolicyBundle.Load(options.PoliciesDirectory);
            var report = _reports.GetOrAdd(bundle.Revision, _ => new Lazy<PolicyTestReport>(() => PolicyTestRunner.Run(bundle))).Value;
            return new PolicyTestSummary(bundle.Revision, report.Passed, report.Failed,
                [.. report.Results.Select(r => new PolicyTestOutcome(r.FullName, r.File, r.Row, r.Passed, r.Error, r.Duration.TotalMilliseconds))]);
        }, cancellationToken);

    /// <summary>Every revision that was ever active, most recently activated first; <c>Active</c> marks the engine's.</summary>
    public async Task<IReadOnlyList<PolicyRevisionSummary>> ListRevisionsAsync(CancellationToken cancellationToken = default) =>
        [.. (await revisions.ListAsync(cancellationToken)).Select(r => new PolicyRevisionSummary(r.Id, r.FirstActiveAt, r.LastActivatedAt, r.Files.Count, r.Id == engine.Revision))];

    /// <summary>The file and line diff from one stored revision to another; null when either was never stored.</summary>
    public async Task<PolicyRevisionDiff?> DiffAsync(string from, string to, CancellationToken cancellationToken = default) =>
        await revisions.LoadAsync(from, cancellationToken) is { } before && await revisions.LoadAsync(to, cancellationToken) is { } after
            ? PolicyRevisionDiff.Between(before, after)
            : null;
}

/// <summary>A stored bundle revision: when it was active and how many files it has (the files come with the diff).</summary>
public sealed record PolicyRevisionSummary(string Revision, DateTimeOffset FirstActiveAt, DateTimeOffset LastActivatedAt, int FileCount, bool Active);

/// <summary>The active bundle: its revision on disk, the revision the policy engine reports, and every file.</summary>
public sealed record PolicyBundleSnapshot(string Revision, string EngineRevision, IReadOnlyList<PolicyFileSource> Files);

/// <summary>One bundle file (bundle-relative path) with its full source.</summary>
public sealed record PolicyFileSource(string Path, string Source, bool IsTest);

/// <summary>The bundle's Rego test run: counts and one outcome per test.</summary>
public sealed record PolicyTestSummary(string Revision, int Passed, int Failed, IReadOnlyList<PolicyTestOutcome> Tests);

/// <summary>One <c>test_*</c> rule's result, with where it is and why it failed.</summary>
public sealed record PolicyTestOutcome(string Name, string File, int Row, bool Passed, string? Error, double DurationMs);
