using ActionPlane.Engine.ClosedLoop;
using ActionPlane.Engine.Storage;

namespace ActionPlane.Engine.Tests.ClosedLoop;

/// <summary>One small run per strategy on the same world, shared by the closed-loop tests (runs take seconds each).</summary>
public sealed class SmallRuns
{
    public const int Accounts = 400;
    public const int Days = 56;
    public const int Seed = 3;

    private readonly Dictionary<SimulationStrategy, Lazy<SimulationReport>> _reports;

    public SmallRuns()
    {
        _reports = Enum.GetValues<SimulationStrategy>().ToDictionary(s => s, s => new Lazy<SimulationReport>(() => ClosedLoopSimulator.Run(Options(s))));
    }

    public static string PoliciesDirectory => new ActionPlaneEngineOptions().PoliciesDirectory;

    public static SimulationOptions Options(SimulationStrategy strategy) => new()
    {
        Accounts = Accounts,
        Days = Days,
        Seed = Seed,
        Strategy = strategy,
        PoliciesDirectory = PoliciesDirectory,
    };

    public SimulationReport this[SimulationStrategy strategy] => _reports[strategy].Value;
}
