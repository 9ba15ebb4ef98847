namespace ActionPlane.Engine.Proposals;

/// <summary>Who asks for a lifecycle step: a person (CSM, approver, end user) or the engine itself, with their roles.</summary>
public sealed record Actor(string Id, IReadOnlyList<string> Roles)
{
    /// <summary>The id used when the engine itself proposes (e.g. a scheduled batch).</summary>
    public static Actor System { get; } = new("system:nba", ["system"]);

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}
