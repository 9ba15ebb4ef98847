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
    /// <summary>
    /// Diagnostic, not a product strategy: nba's arbitration on an effect model fitted to the TRUE
    /// effects of the historical tenant from nba's own effect features (<see cref="CeilingEffectModel"/>),
    /// no exploration. Its gap to the oracle is what no learner on those features can close.
    /// </summary>
    Ceiling,
}

public static class SimulationStrategies
{
    public static IReadOnlyList<string> Names { get; } = ["nba", "no_action", "random", "risk_top", "oracle", "ceiling"];

    public static string Name(SimulationStrategy strategy) => strategy switch
    {
        SimulationStrategy.NoAction => "no_action",
        SimulationStrategy.Random => "random",
        SimulationStrategy.RiskTop => "risk_top",
        SimulationStrategy.Oracle => "oracle",
        SimulationStrategy.Ceiling => "ceiling",
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
            "ceiling" => (true, SimulationStrategy.Ceiling),
            _ => (false, SimulationStrategy.NoAction),
        };
        return ok;
    }
}
