using ActionPlane.Engine.Decisioning;

namespace ActionPlane.Web.Features.Shared;

/// <summary>How a decision trace names the way an action was chosen, in the same words on the proposal card and in the full trace.</summary>
public static class TraceLabels
{
    /// <summary>The arm: engine's best estimate, exploration draw, holdout, or a person's choice.</summary>
    public static string Arm(DecisionTrace trace) => trace.DecidedBy == "person" ? "Chosen by a person"
        : trace.Arm switch
        {
            Engine.Decisioning.Arm.Explore => "Exploration (ε-greedy draw)",
            Engine.Decisioning.Arm.Holdout => "Holdout: logged, not acted on",
            _ => "Engine's best estimate",
        };

    /// <summary>Recommended, or an alternative with the reason arbitration passed it over.</summary>
    public static string Choice(DecisionTrace trace) => trace.Chosen ? "Recommended" : $"Alternative ({Dropped(trace.DroppedBecause)})";

    /// <summary>One short label for the card header: what the engine made of this action for the account.</summary>
    public static string Headline(DecisionTrace trace) => trace switch
    {
        { DecidedBy: "person" } => "Chosen by a person",
        { Holdout: true } => "Holdout",
        { Chosen: true, Arm: Engine.Decisioning.Arm.Explore } => "Recommended (exploration draw)",
        { Chosen: true } => "Recommended",
        _ => Choice(trace),
    };

    private static string Dropped(string? reason) => reason switch
    {
        "max_actions" => "per-account limit reached",
        "diversity" => "same category as a recommended action",
        "not_worth_it" => "not worth acting on",
        "not_drawn" => "not drawn",
        "policy" => "denied by policy",
        null => "not chosen",
        _ => reason,
    };
}
