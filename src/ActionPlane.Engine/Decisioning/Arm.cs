namespace ActionPlane.Engine.Decisioning;

/// <summary>How a decision was made: the greedy choice, an exploration draw, or a holdout account that gets nothing.</summary>
public enum Arm
{
    Exploit,
    Explore,
    Holdout,
}
