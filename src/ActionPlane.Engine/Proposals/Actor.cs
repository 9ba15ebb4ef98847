namespace ActionPlane.Engine.Proposals;

/// <summary>Who asks for a lifecycle step: a person (CSM, approver, end user) or the engine itself, with their roles.</summary>
public sealed record Actor(string Id, IReadOnlyList<string> Roles)
{
    /// <summary>The id used when the engine itself proposes (e.g. a scheduled batch).</summary>
    public static Actor System { get; } = new("system:nba", ["system"]);

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>
    /// No person decides this step: the system actor (role <c>system</c>, id <c>system:…</c>) or a
    /// service-account token (<c>service:…</c>), as <c>unattended_actor</c> in budget.rego names them.
    /// </summary>
    public bool ActsUnattended =>
        HasRole("system") || Id.StartsWith("system:", StringComparison.Ordinal) || Id.StartsWith("service:", StringComparison.Ordinal);
}
