using System.Text;

namespace ActionPlane.Engine.Storage;

/// <summary>
/// How the engine reaches its PostgreSQL database, where the policy bundle lives, and the secret
/// rollback tokens are signed with. <see cref="ToString"/> never shows the key or the password.
/// </summary>
public sealed class ActionPlaneEngineOptions
{
    /// <summary>Npgsql connection string of the system of record.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>PostgreSQL schema for Marten's tables; tests use one per class.</summary>
    public string SchemaName { get; set; } = "actionplane";

    /// <summary>Folder of the Rego bundle (copied next to every consumer's binaries).</summary>
    public string PoliciesDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "policies");

    /// <summary>
    /// Secret for the HMAC over rollback tokens, at least 32 bytes as UTF-8. Comes from
    /// configuration (e.g. <c>ActionPlane__RollbackTokenKey</c>); rotating it invalidates
    /// outstanding tokens, which is the safe failure.
    /// </summary>
    public string RollbackTokenKey { get; set; } = "";

    /// <summary>How long after apply an action can be undone with its token.</summary>
    public TimeSpan RollbackWindow { get; set; } = TimeSpan.FromDays(14);

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Which deployment this is (<c>production</c> or <c>sandbox</c>): the policy's
    /// <c>environment.name</c>. A sandbox deployment may not act on production accounts.
    /// </summary>
    public string EnvironmentName { get; set; } = "production";

    /// <summary>Minimum key length: HMAC-SHA256 gains nothing from more, and loses a lot from less.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is missing or unusable.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new ArgumentException("ActionPlaneEngineOptions.ConnectionString is required.", nameof(ConnectionString));
        if (string.IsNullOrWhiteSpace(SchemaName) || !SchemaName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_') || !char.IsAsciiLetterLower(SchemaName[0]))
            throw new ArgumentException($"ActionPlaneEngineOptions.SchemaName '{SchemaName}' must be lower-case letters, digits and '_', starting with a letter.", nameof(SchemaName));
        if (Encoding.UTF8.GetByteCount(RollbackTokenKey ?? "") < MinimumKeyBytes)
            throw new ArgumentException(
                $"ActionPlaneEngineOptions.RollbackTokenKey must be at least {MinimumKeyBytes} bytes; set it from configuration (e.g. ActionPlane__RollbackTokenKey).",
                nameof(RollbackTokenKey));
        if (RollbackWindow <= TimeSpan.Zero)
            throw new ArgumentException("ActionPlaneEngineOptions.RollbackWindow must be positive.", nameof(RollbackWindow));
        if (EnvironmentName is not ("production" or "sandbox"))
            throw new ArgumentException($"ActionPlaneEngineOptions.EnvironmentName '{EnvironmentName}' must be production or sandbox.", nameof(EnvironmentName));
        if (TimeProvider is null)
            throw new ArgumentException("ActionPlaneEngineOptions.TimeProvider is required.", nameof(TimeProvider));
    }

    public override string ToString() =>
        $"ActionPlaneEngineOptions {{ SchemaName = {SchemaName}, PoliciesDirectory = {PoliciesDirectory}, EnvironmentName = {EnvironmentName}, RollbackTokenKey = ***, RollbackWindow = {RollbackWindow} }}";
}
