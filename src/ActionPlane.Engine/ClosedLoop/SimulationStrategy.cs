namespace ActionPlane.Engine.ClosedLoop;

/// <summary>Who decides in a closed-loop run. Every strategy has the same weekly budget and the same policy gate.</summary>
public enum SimulationStrategy
{
    /// <summary>Nothing is ever applied: the baseline incremental retention is measured against.</summary>
    NoAction,
    /// <summary>Random accounts, random actions.</summary>
    Random,
    /// <summary>Common practice: the highest churn risk first, the action the baseline heuristic rates best.</summary>
    RiskTop,
    /// <summary>Arbitration on the generator's true effects: the upper bound no model can reach.</summary>
    Oracle,
    /// <summary>ActionPlane: arbitration on uplift learned only from logged decisions, with exploration and holdouts.</summary>
    Nba,
}

public static class SimulationStrategies
{
    public static IReadOnlyList<string> Names { get; } = ["nba", "no_action", "random", "risk_top", "oracle"];

    public static string Name(SimulationStrategy strategy) => strategy switch
    {
        SimulationStrategy.NoAction => "no_action",
        SimulationStrategy.Random => "random",
        SimulationStrategy.RiskTop => "risk_top",
        SimulationStrategy.Oracle => "oracle",
        _ => "nba",
    };

    public static bool TryParse(string? text, out SimulationStrategy strategy)
    {
        (var ok, strategy) = text switch
        {
            "nba" => (true, SimulationStrategy.Nba),
            "no_action" => (true, SimulationStrategy.NoAction),
            "random" => (true, SimulationStrategy.Random),
            "risk_top" => (true, SimulationStrategy.RiskTop),
            "oracle" => (true, SimulationStrategy.Oracle),
            _ => (false, SimulationStrategy.NoAction),
        };
        return ok;
    }
}
