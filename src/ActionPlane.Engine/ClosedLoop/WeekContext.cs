using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.ClosedLoop;

/// <summary>One active account at one weekly decision: its features, score and candidate payloads.</summary>
public sealed class WeekContext
{
    public required SimulatedAccount Account { get; init; }
    public required FeatureSnapshot Snapshot { get; init; }
    public required float[] Features { get; init; }
    public required AccountScore Score { get; init; }
    public required bool Holdout { get; init; }
    /// <summary>Candidate payloads by action type (only actions that fit the account), with their cost.</summary>
    public required IReadOnlyDictionary<string, (ActionDefinition Definition, JsonObject Payload, decimal Cost)> Candidates { get; init; }
    public required LoggedStep Step { get; init; }
    /// <summary>Set once something was applied (or tried) this week, so no account is picked twice.</summary>
    public bool Tried { get; set; }
}
